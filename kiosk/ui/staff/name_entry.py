"""The staff name typed on the on-screen keyboard: the lobby kiosk never lists who works here."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.limits import STAFF_NAME_MAX_CHARS
from kiosk.ui.widgets.keyboard import BACKSPACE, CLEAR, SHIFT, SPACE, OnScreenKeyboard
from kiosk.ui.widgets.text_entry import entry_label


class NameLine:
    """A staff name as keys build it: a capital at the start of each word, Shift for one letter."""

    def __init__(self) -> None:
        self.text = ""
        self.shift = False

    def capital_next(self) -> bool:
        return self.shift or self.text == "" or self.text[-1] in " -'"

    def press(self, key: str) -> None:
        if key in (SHIFT, BACKSPACE, CLEAR):
            self.shift = (not self.shift) if key == SHIFT else False
            self.text = {BACKSPACE: self.text[:-1], CLEAR: ""}.get(key, self.text)
        elif len(self.text) >= STAFF_NAME_MAX_CHARS or (key == SPACE and self.text[-1:] in ("", " ")):
            return
        else:
            self.text += key.upper() if self.capital_next() else key
            self.shift = False


class NameEntry(QWidget):
    """A boxed line over the letter keyboard; ``name`` is what was typed, spaces collapsed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffNameEntry")
        self.line = NameLine()
        self.display = entry_label(self)
        self.keyboard = OnScreenKeyboard("en", self)
        self.keyboard.key_pressed.connect(self.press)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.display)
        layout.addWidget(self.keyboard, 1)
        self._refresh()

    @property
    def name(self) -> str:
        return " ".join(self.line.text.split())

    def press(self, key: str) -> None:
        self.line.press(key)
        self._refresh()

    def clear(self) -> None:
        self.line = NameLine()
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText(self.line.text + "|")
        self.keyboard.set_shift(self.line.capital_next())
