"""The staff name typed on the on-screen keyboard: the lobby kiosk never lists who works here."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.limits import STAFF_NAME_MAX_CHARS
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.text_entry import LineEditor, entry_label


class NameEntry(QWidget):
    """A boxed line over the letter keyboard; ``name`` is what was typed, spaces collapsed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffNameEntry")
        self.line = LineEditor(STAFF_NAME_MAX_CHARS)
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
        self.line.set_text("")
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText(self.line.text + "|")
        self.keyboard.set_shift(self.line.shift_shown())
