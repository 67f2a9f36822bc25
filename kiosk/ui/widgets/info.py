"""Information items (e.g. the consent text): something to read, nothing to answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.spoken import Said


class InfoInput(QuestionInput):
    """The item's text in reading size; the question screen scrolls it under a finger when long."""

    error_room = False  # the answers scroll from the top: a reason below moves none of them

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(item.text.get(language), self)
        self.text.setProperty("role", "info-body")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setObjectName("InfoText")
        layout.addWidget(self.text)
        layout.addStretch(1)

    def takes(self, item: Item, language: str) -> bool:
        """Any text to read (each form's instructions come between its questions)."""
        return item.type is self.item.type

    def relabel(self) -> None:
        self.text.setText(self.item.text.get(self.language))

    def spoken(self) -> list[Said]:
        return [Said(self.text.text(), self.language)] if self.text.text() else []

    def set_value(self, value: Answer) -> None:
        """Info items hold no answer."""

    def clear(self) -> None:
        self.text.clear()

    def commit(self) -> tuple[Answer, str | None]:
        return None, None
