"""Information items (e.g. the consent text): something to read, nothing to answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.ui.widgets.base import QuestionInput


class InfoInput(QuestionInput):
    """The item's text in reading size, scrolled by a finger when it is long."""

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text = QLabel(item.text.get(language))
        self.text.setProperty("role", "info-body")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setObjectName("InfoText")
        self.scroll.setWidget(self.text)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        layout.addWidget(self.scroll)

    def set_value(self, value: Answer) -> None:
        """Info items hold no answer."""

    def clear(self) -> None:
        self.text.clear()

    def commit(self) -> tuple[Answer, str | None]:
        return None, None
