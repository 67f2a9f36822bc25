"""Information items: text to read, nothing to answer."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.ui.widgets.base import QuestionInput


class InfoInput(QuestionInput):
    """Shows nothing beyond the item's text (the screen shows that); Next continues."""

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        QVBoxLayout(self).addStretch(1)

    def set_value(self, value: Answer) -> None:
        """Info items hold no answer."""

    def commit(self) -> tuple[Answer, str | None]:
        return None, None
