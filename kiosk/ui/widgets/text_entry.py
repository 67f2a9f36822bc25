"""Free-text answers typed on the on-screen keyboard (names, who drives you home)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.keyboard import BACKSPACE, CLEAR, SHIFT, SPACE, OnScreenKeyboard

DEFAULT_MAX_LENGTH = 80


def entry_label(parent: QWidget) -> QLabel:
    """The large box that shows what the patient typed."""
    label = QLabel(parent)
    label.setProperty("role", "entry")
    label.setObjectName("EntryDisplay")
    return label


class TextInput(QuestionInput):
    """A line of text with a caret; capitals come by themselves at the start of each word."""

    needs_room = True

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        self.text = ""
        self._manual_shift = False
        self.max_length = item.max_length or DEFAULT_MAX_LENGTH
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.display = entry_label(self)
        self.keyboard = OnScreenKeyboard(language, self)
        layout.addWidget(self.display)
        layout.addStretch(0)
        layout.addWidget(self.keyboard, 1)  # keys grow into spare room before any gap does
        self.keyboard.key_pressed.connect(self.press)
        self._refresh()

    def _auto_capital(self) -> bool:
        return self.text == "" or self.text[-1] in " -'"

    def press(self, key: str) -> None:
        """Apply one key as a finger would."""
        if key == SHIFT:
            self._manual_shift = not self._manual_shift
        elif key == BACKSPACE:
            self.text = self.text[:-1]
        elif key == CLEAR:
            self.text = ""
        elif key == SPACE:
            if self.text and not self.text.endswith(" ") and len(self.text) < self.max_length:
                self.text += " "
        elif len(self.text) < self.max_length:
            upper = self._manual_shift or self._auto_capital()
            self.text += key.upper() if upper else key
            self._manual_shift = False
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.display.setText(self.text + "|")
        self.keyboard.set_shift(self._manual_shift or self._auto_capital())

    def set_value(self, value: Answer) -> None:
        self.text = value if isinstance(value, str) else ""
        self._manual_shift = False
        self._refresh()

    def commit(self) -> tuple[Answer, str | None]:
        return " ".join(self.text.split()), None
