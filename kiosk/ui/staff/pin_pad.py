"""A touch PIN pad: large digit keys, masked entry in a box above them, OK and backspace."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.accessibility import name
from kiosk.ui.sizes import PIN_KEY_SIZE

MAX_PIN_LENGTH = 12
SPOKEN = {"⌫": "Delete last digit"}
"""The names a screen reader says for keys drawn as a mark (staff screens are in English)."""


class PinPad(QWidget):
    """Emits ``submitted(pin)`` when OK is tapped; the digits are never shown."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinPad")
        self._pin = ""
        self.display = QLabel("")
        self.display.setObjectName("PinDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(PIN_KEY_SIZE)
        name(self.display, "PIN (hidden)")
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for n, label in enumerate(layout):
            button = QPushButton(label)
            button.setObjectName("PinKey")
            # QSS picks the look: digits plain, backspace quiet, OK in the accent colour
            button.setProperty("role", {"OK": "pin-ok", "⌫": "pin-back"}.get(label, "pin-digit"))
            button.setMinimumSize(PIN_KEY_SIZE, PIN_KEY_SIZE)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            name(button, SPOKEN.get(label, label))
            button.clicked.connect(lambda _=False, key=label: self._press(key))
            grid.addWidget(button, n // 3, n % 3)
            self.keys[label] = button
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)
        box.addWidget(self.display)
        box.addLayout(grid)

    def _press(self, key: str) -> None:
        if key == "⌫":
            self._pin = self._pin[:-1]
        elif key == "OK":
            pin, self._pin = self._pin, ""
            self._refresh()
            self.submitted.emit(pin)
            return
        elif len(self._pin) < MAX_PIN_LENGTH:
            self._pin += key
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText("●" * len(self._pin))

    def clear(self) -> None:
        self._pin = ""
        self._refresh()
