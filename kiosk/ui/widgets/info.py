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
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text = QLabel(item.text.get(language))
        self.text.setProperty("role", "info-body")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setObjectName("InfoText")
        self.scroll_area.setWidget(self.text)
        QScroller.grabGesture(self.scroll_area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        layout.addWidget(self.scroll_area)

    def set_value(self, value: Answer) -> None:
        """Info items hold no answer."""

    def clear(self) -> None:
        self.text.clear()

    def commit(self) -> tuple[Answer, str | None]:
        return None, None
