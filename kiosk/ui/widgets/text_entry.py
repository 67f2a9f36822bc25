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


class LineEditor:
    """What keys do to a line of text: capitals by themselves at the start of each word, one
    manual Shift, a length limit. Plain Python, shared by answers and the staff name entry."""

    def __init__(self, max_length: int) -> None:
        self.text = ""
        self.manual_shift = False
        self.max_length = max_length

    def auto_capital(self) -> bool:
        return self.text == "" or self.text[-1] in " -'"

    def shift_shown(self) -> bool:
        return self.manual_shift or self.auto_capital()

    def press(self, key: str) -> None:
        """Apply one key as a finger would."""
        if key == SHIFT:
            self.manual_shift = not self.manual_shift
        elif key == BACKSPACE:
            self.text = self.text[:-1]
        elif key == CLEAR:
            self.text = ""
        elif key == SPACE:
            if self.text and not self.text.endswith(" ") and len(self.text) < self.max_length:
                self.text += " "
        elif len(self.text) < self.max_length:
            self.text += key.upper() if self.shift_shown() else key
            self.manual_shift = False

    def set_text(self, text: str) -> None:
        self.text = text
        self.manual_shift = False


class TextInput(QuestionInput):
    """A line of text with a caret; capitals come by themselves at the start of each word."""

    needs_room = True

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        self.line = LineEditor(item.max_length or DEFAULT_MAX_LENGTH)
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

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def max_length(self) -> int:
        return self.line.max_length

    def press(self, key: str) -> None:
        """Apply one key as a finger would."""
        self.line.press(key)
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.display.setText(self.line.text + "|")
        self.keyboard.set_shift(self.line.shift_shown())

    def set_value(self, value: Answer) -> None:
        self.line.set_text(value if isinstance(value, str) else "")
        self._refresh()

    def commit(self) -> tuple[Answer, str | None]:
        return " ".join(self.line.text.split()), None
