"""A touch PIN pad: large digit keys, masked entry, OK and backspace."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

KEY_SIZE = 72  # px: a comfortable fingertip target


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
        self.display.setMinimumHeight(KEY_SIZE)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for n, label in enumerate(layout):
            button = QPushButton(label)
            button.setObjectName("PinKey")
            button.setMinimumSize(KEY_SIZE, KEY_SIZE)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, key=label: self._press(key))
            grid.addWidget(button, n // 3, n % 3)
            self.keys[label] = button
        box = QVBoxLayout(self)
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
        elif len(self._pin) < 12:
            self._pin += key
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText("●" * len(self._pin))

    def clear(self) -> None:
        self._pin = ""
        self._refresh()
