"""Staff sign-in: tap your name, enter your PIN; lockout and audit live in StaffService."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.staff.service import SignInError, StaffMember, StaffService
from kiosk.ui.background import BackgroundOp
from kiosk.ui.staff.pin_pad import PinPad


class SignInPanel(QWidget):
    """Emits ``signed_in(member)`` on a correct PIN and ``cancelled`` on Cancel."""

    signed_in = Signal(object)
    cancelled = Signal()

    def __init__(self, staff: StaffService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInPanel")
        self.staff = staff
        self.names = QListWidget()
        self.names.setObjectName("StaffNames")
        self.pad = PinPad()
        self.pad.submitted.connect(self._try)
        self.message = QLabel("Tap your name, then enter your PIN.")
        self.message.setObjectName("SignInMessage")
        self.message.setWordWrap(True)
        cancel = QPushButton("Cancel")
        cancel.setObjectName("SignInCancel")
        cancel.setMinimumHeight(60)
        cancel.clicked.connect(self.cancelled.emit)
        self.cancel_button = cancel
        right = QVBoxLayout()
        right.addWidget(self.message)
        right.addWidget(self.pad)
        right.addWidget(cancel)
        row = QHBoxLayout(self)
        row.addWidget(self.names, 1)
        row.addLayout(right, 1)

    def reload(self) -> None:
        """Refresh the names (accounts may have been added or disabled meanwhile)."""
        self.names.clear()
        self.names.addItems(self.staff.active_names())
        self.pad.clear()
        self.message.setText("Tap your name, then enter your PIN.")

    def _try(self, pin: str) -> None:
        current = self.names.currentItem()
        if current is None:
            self.message.setText("Tap your name first.")
            return
        name = current.text()
        self.message.setText("Checking…")
        self.pad.setEnabled(False)
        BackgroundOp(lambda: self.staff.sign_in(name, pin), self._ok, self._refused).start()

    def _ok(self, member: StaffMember) -> None:
        self.pad.setEnabled(True)
        self.message.setText(f"Welcome, {member.name}.")
        self.signed_in.emit(member)

    def _refused(self, exc: Exception) -> None:
        self.pad.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, SignInError) else "Sign-in is not available right now.")
