"""Free-text answers typed on the on-screen keyboard (names, who drives you home).

Capitals come by themselves where a name starts: in a name, the first letter and each
word (after a space, hyphen or apostrophe: Ana Smith-Jones O'Brien) until a comma, after
which come words ("Ana Ruiz, sister"); in other text, only where a sentence starts.
Shift turns the next letter's automatic choice around. A physical keyboard types too.
"""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.keyboard import BACKSPACE, CLEAR, SHIFT, SPACE, OnScreenKeyboard, typed_key

DEFAULT_MAX_LENGTH = 80


def capital_next(text: str, name: bool) -> bool:
    """Whether the next letter typed after ``text`` starts a name word or a sentence."""
    if not text.strip():
        return True
    if name and "," not in text:
        return text[-1] in " -'"
    return text[-1] == " " and text.rstrip()[-1] in ".!?"


def entry_label(parent: QWidget) -> QLabel:
    """The large box that shows what the patient typed."""
    label = QLabel(parent)
    label.setProperty("role", "entry")
    label.setObjectName("EntryDisplay")
    return label


class TextInput(QuestionInput):
    """A line of text with a caret; capitals come by themselves where a name or sentence starts."""

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

    def takes(self, item: Item, language: str) -> bool:
        """The next text item in the same language keeps this keyboard (a few dozen keys not
        rebuilt between the legal and the preferred name); the text starts empty."""
        return item.type is ItemType.text and language == self.language

    def relabel(self) -> None:
        self.max_length = self.item.max_length or DEFAULT_MAX_LENGTH

    def _auto_capital(self) -> bool:
        return capital_next(self.text, self.item.is_name)

    def _capital(self) -> bool:
        """Shift turns the automatic choice around for one letter (de la Cruz, McDonald)."""
        return self._manual_shift != self._auto_capital()

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
            self.text += key.upper() if self._capital() else key
            self._manual_shift = False
        self._refresh()
        self.changed.emit()

    def take_key(self, event: QKeyEvent) -> bool:
        key = typed_key(event)
        if key is None:
            return False
        self.press(SPACE if key == " " else key)
        return True

    def _refresh(self) -> None:
        self.display.setText(self.text + "|")
        self.keyboard.set_shift(self._capital())

    def set_value(self, value: Answer) -> None:
        self.text = value if isinstance(value, str) else ""
        self._manual_shift = False
        self._refresh()

    def commit(self) -> tuple[Answer, str | None]:
        return " ".join(self.text.split()), None
