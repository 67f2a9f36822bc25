"""Staff sign-in: tap your name, enter your PIN; lockout and audit live in StaffService."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.staff.service import SignInError, StaffMember, StaffService
from kiosk.ui.background import BackgroundOp
from kiosk.ui.sizes import LIST_ROW, TOUCH_MIN
from kiosk.ui.staff.pin_pad import PinPad

PROMPT = "Tap your name, then enter your PIN."


class SignInPanel(QWidget):
    """Emits ``signed_in(member)`` on a correct PIN and ``cancelled`` on Cancel."""

    signed_in = Signal(object)
    cancelled = Signal()

    def __init__(self, staff: StaffService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # its own window on the desk PC
        self.staff = staff
        self.names = QListWidget()
        self.names.setObjectName("StaffNames")
        self.names.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.names.currentTextChanged.connect(self._name_chosen)
        self.pad = PinPad()
        self.pad.submitted.connect(self._try)
        self.message = QLabel(PROMPT)
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
        """Names on the left; on the right the message, the boxed PIN field and the keys, top-aligned."""
        heading = QLabel("Who is signing in?")
        heading.setObjectName("SignInHeading")
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(heading)
        left.addWidget(self.names, 1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.message)
        right.addWidget(self.pad)
        right.addStretch(1)
        right.addWidget(self.cancel_button)
        row = QHBoxLayout()
        row.setContentsMargins(24, 16, 24, 16)
        row.setSpacing(40)
        row.addLayout(left, 5)
        row.addLayout(right, 4)
        return row

    def _name_chosen(self, name: str) -> None:
        if name:
            self._say(f"{name}: enter your PIN, then OK.")

    def reload(self) -> None:
        """Refresh the names (accounts may have been added or disabled meanwhile)."""
        self.names.clear()
        self.names.addItems(self.staff.active_names())
        for row in range(self.names.count()):
            item = self.names.item(row)
            if item is not None:
                item.setSizeHint(QSize(0, LIST_ROW))  # a finger-sized row per name
        self.pad.clear()
        self._say(PROMPT)

    def _try(self, pin: str) -> None:
        current = self.names.currentItem()
        if current is None:
            self._say("Tap your name first.", problem=True)
            return
        name = current.text()
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
