"""Staff sign-in: your name (picked on the desk PC, typed at the lobby kiosk), then your PIN.

The lobby kiosk never lists staff names: anyone in the waiting room could read the list and
lock each account in turn. Lockout and audit live in StaffService.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.staff.service import SignInError, StaffMember, StaffService
from kiosk.ui.accessibility import name
from kiosk.ui.background import BackgroundOp
from kiosk.ui.sizes import LIST_ROW, TOUCH_MIN
from kiosk.ui.staff.name_entry import NameEntry
from kiosk.ui.staff.pin_pad import PinPad

PROMPT = "Tap your name, then enter your PIN."
TYPED_PROMPT = "Type your name, then enter your PIN."


class SignInPanel(QWidget):
    """Emits ``signed_in(member)`` on a correct PIN and ``cancelled`` on Cancel.

    ``list_names=False`` (the lobby kiosk) asks for the name on the on-screen keyboard.
    """

    signed_in = Signal(object)
    cancelled = Signal()

    def __init__(self, staff: StaffService, parent: QWidget | None = None, *, list_names: bool = True) -> None:
        super().__init__(parent)
        self.list_names = list_names
        self.name_entry: NameEntry | None = None if list_names else NameEntry()
        self.prompt = PROMPT if list_names else TYPED_PROMPT
        self.setObjectName("SignInPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # its own window on the desk PC
        self.staff = staff
        self.names = QListWidget()
        self.names.setObjectName("StaffNames")
        name(self.names, "Staff names", "Choose your name, then enter your PIN.")
        self.names.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.names.currentTextChanged.connect(self._name_chosen)
        self.pad = PinPad()
        self.pad.submitted.connect(self._try)
        self.message = QLabel(self.prompt)
        self.message.setObjectName("SignInMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(TOUCH_MIN)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("SignInCancel")
        cancel.setMinimumHeight(TOUCH_MIN)
        cancel.clicked.connect(self.cancelled.emit)
        self.cancel_button = cancel
        self.setLayout(self._layout())

    def _layout(self) -> QHBoxLayout:
        """Names (or the typed name) on the left; on the right the message, the boxed PIN field and the keys."""
        heading = QLabel("Who is signing in?" if self.list_names else "Your name")
        heading.setObjectName("SignInHeading")
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(heading)
        if self.name_entry is None:
            left.addWidget(self.names, 1)
        else:
            self.names.hide()
            left.addWidget(self.name_entry, 1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.message)
        right.addWidget(self.pad)
        right.addStretch(1)
        right.addWidget(self.cancel_button)
        row = QHBoxLayout()
        row.setContentsMargins(24, 16, 24, 16)
        row.setSpacing(40)
        row.addLayout(left, 5 if self.list_names else 6)
        row.addLayout(right, 4)
        return row

    def _name_chosen(self, name: str) -> None:
        if name:
            self._say(f"{name}: enter your PIN, then OK.")

    def reload(self) -> None:
        """Refresh the names (accounts may have been added or disabled meanwhile); clear what was typed."""
        self.names.clear()
        if self.name_entry is not None:
            self.name_entry.clear()
        else:
            self.names.addItems(self.staff.active_names())
        for row in range(self.names.count()):
            item = self.names.item(row)
            if item is not None:
                item.setSizeHint(QSize(0, LIST_ROW))  # a finger-sized row per name
        self.pad.clear()
        self._say(self.prompt)

    def _chosen_name(self) -> str:
        if self.name_entry is not None:
            return self.name_entry.name
        current = self.names.currentItem()
        return "" if current is None else current.text()

    def _try(self, pin: str) -> None:
        name = self._chosen_name()
        if not name:
            self._say("Tap your name first." if self.list_names else "Type your name first.", problem=True)
            return
        self._say("Checking…")
        self.pad.setEnabled(False)
        BackgroundOp(lambda: self.staff.sign_in(name, pin), self._ok, self._refused).start()

    def _ok(self, member: StaffMember) -> None:
        self.pad.setEnabled(True)
        self._say(f"Welcome, {member.name}.")
        self.signed_in.emit(member)

    def _refused(self, exc: Exception) -> None:
        self.pad.setEnabled(True)
        self._say(str(exc) if isinstance(exc, SignInError) else "Sign-in is not available right now.", problem=True)

    def _say(self, text: str, *, problem: bool = False) -> None:
        """Show ``text``; a refusal is styled as a notice (QSS ``[problem="true"]``)."""
        self.message.setText(text)
        if self.message.property("problem") != problem:
            self.message.setProperty("problem", problem)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
