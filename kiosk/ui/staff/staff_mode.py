"""Staff mode on the kiosk: sign in with a PIN, then the review queue, leave or close the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.forms import FormLibrary
from kiosk.staff.service import StaffMember, StaffService
from kiosk.ui.sizes import TOUCH_MIN


@dataclass
class StaffBackend:
    """What staff mode needs from the store, handed in by the composition root."""

    staff: StaffService
    actions_for: Callable[[StaffMember], Any]
    library: FormLibrary


def _button(text: str, name: str, role: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setProperty("role", role)
    button.setMinimumHeight(TOUCH_MIN)
    return button


class StaffModeScreen(QWidget):
    """Sign-in first; the queue only after a correct PIN. Emits ``leave`` and ``close_app``."""

    leave = Signal()
    close_app = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffMode")
        self.pages = QStackedWidget(self)
        self.unavailable = QLabel("")
        self.unavailable.setObjectName("StaffUnavailable")
        self.unavailable.setWordWrap(True)
        self.sign_in: Any = None  # SignInPanel, built on first use (argon2 loads then)
        self.desk: Any = None  # the DeskWindow while someone is signed in
        self.member: StaffMember | None = None
        self.panes: Any = None  # the desk's PaneMemory: the queue/detail split, kept across sign-ins
        # True between begin() and end(): a PIN check still running on a worker when staff
        # mode is left must not open the queue behind the slides
        self._accepting = False
        self.back_button = _button("Back to check-in", "StaffBack", "primary")
        self.close_button = _button("Close kiosk app", "StaffClose", "danger")
        self.close_button.setVisible(False)
        self.who = QLabel("")
        self.who.setObjectName("StaffWho")
        self.back_button.clicked.connect(self.leave.emit)
        self.close_button.clicked.connect(self.close_app.emit)
        bar = QWidget()
        bar.setObjectName("StaffBar")  # a strip like the patient top bar, so staff know where they are
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        header = QHBoxLayout(bar)
        header.setContentsMargins(24, 8, 24, 8)
        header.setSpacing(16)
        header.addWidget(self.who, 1)
        header.addWidget(self.close_button)
        header.addWidget(self.back_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(bar)
        column.addWidget(self.pages, 1)
        self.pages.addWidget(self.unavailable)

    def begin(self, backend: StaffBackend | None, why: str | None = None) -> None:
        """Show the sign-in (or why staff mode cannot work now)."""
        self.end()
        if backend is None:
            self.unavailable.setText(f"Staff sign-in is not available right now: {why or 'no database'}.")
            self.pages.setCurrentWidget(self.unavailable)
            return
        from kiosk.ui.staff.sign_in import SignInPanel

        if self.sign_in is None or self.sign_in.staff is not backend.staff:
            if self.sign_in is not None:
                self.pages.removeWidget(self.sign_in)
                self.sign_in.deleteLater()
            self.sign_in = SignInPanel(backend.staff, list_names=False)  # the lobby never lists staff
            self.sign_in.cancel_button.hide()  # "Back to check-in" is always there
            self.sign_in.signed_in.connect(lambda member: self._open_desk(backend, member))
            self.pages.addWidget(self.sign_in)
        self.sign_in.reload()
        self.pages.setCurrentWidget(self.sign_in)
        self._accepting = True

    def _open_desk(self, backend: StaffBackend, member: StaffMember) -> None:
        from kiosk.ui.desk.desk_window import DeskWindow
        from kiosk.ui.desk.panes import PaneMemory

        if not self._accepting:
            return  # staff mode was left (idle, Back) while the PIN was being checked
        self._accepting = False
        self.member = member
        self.panes = self.panes or PaneMemory()
        self.desk = DeskWindow(backend.actions_for(member), backend.library, panes=self.panes)
        self.pages.addWidget(self.desk)
        self.pages.setCurrentWidget(self.desk)
        self.who.setText(f"Staff mode — {member.name}")
        self.close_button.setVisible(True)
        self.desk.start()

    def end(self) -> None:
        """Sign out: the queue and every patient detail leave the screen and memory."""
        self._accepting = False
        if self.desk is not None:
            self.desk.stop_watching()
            self.pages.removeWidget(self.desk)
            self.desk.deleteLater()
            self.desk = None
        self.member = None
        self.who.setText("Staff sign-in")
        self.close_button.setVisible(False)
        if self.sign_in is not None:
            self.sign_in.reload()
