"""Every answer listed; tapping one goes back to that question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.forms.display import AnswerRow
from kiosk.forms.model import ItemType

from kiosk.intake.session import ReviewSection
from kiosk.ui.screens.common import label, nav_row
from kiosk.ui.sizes import TOUCH_MIN
from kiosk.ui.strings import tr
from kiosk.ui.widgets.scrolling import KineticScrollArea
from kiosk.ui.widgets.spoken import Said, shown_texts


def _shown_answer(row: AnswerRow) -> str:
    """Dates as the patient typed them (MM/DD/YYYY) rather than ISO."""
    text = row.answer
    if row.item.type is ItemType.date and len(text) == 10 and text[4] == "-":
        return f"{text[5:7]}/{text[8:10]}/{text[:4]}"
    return text


class ReviewRow(QFrame):
    """One question and its answer; the whole row is the tap target."""

    clicked = Signal()

    def __init__(self, question: str, answer: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewRow")
        self.setMinimumHeight(TOUCH_MIN + 16)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 10, 20, 10)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.question = label(question, "review-question", self)
        self.answer = label(answer, "review-answer", self)
        texts.addWidget(self.question)
        texts.addWidget(self.answer)
        row.addLayout(texts, 1)
        row.addWidget(label(tr("change", language) + "  ›", "review-change", self, wrap=False))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit()


class ReviewScreen(QWidget):
    """The patient checks every answer before consenting."""

    edit = Signal(str, str)
    confirmed = Signal()
    back_tapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 24)
        layout.setSpacing(8)
        self.title = label("", "title", self)
        self.hint = label("", "instructions", self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        # a finger (or mouse) drags the list; a tap without a drag still reaches the row
        self.scroll_area = KineticScrollArea(self)
        layout.addWidget(self.scroll_area, 1)
        row, self.back_button, self.ok_button = nav_row(self)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.back_tapped)
        self.ok_button.clicked.connect(self.confirmed)
        self.rows: dict[tuple[str, str], ReviewRow] = {}
        self._said: list[Said] = []
        self.clear()

    def show_review(self, sections: list[ReviewSection], language: str) -> None:
        """List every section's rows; each row edits its question."""
        self.clear()
        self.title.setText(tr("review_title", language))
        self.hint.setText(tr("review_hint", language))
        self.back_button.setText("‹  " + tr("back", language))
        self.ok_button.setText(tr("review_ok", language) + "  ›")
        holder = self.scroll_area.widget()
        assert holder is not None
        column = holder.layout()
        assert isinstance(column, QVBoxLayout)
        self._said = shown_texts(language, self.title, self.hint)
        for section in sections:
            column.addWidget(label(section.title, "section", holder))
            self._said.append(Said(section.title, language))
            for answer_row in section.rows:
                row = ReviewRow(answer_row.question, _shown_answer(answer_row), language, holder)
                self._said.append(Said(f"{answer_row.question}: {row.answer.text()}", language, row))
                row.clicked.connect(lambda f=section.form_id, i=answer_row.item.id: self.edit.emit(f, i))
                self.rows[(section.form_id, answer_row.item.id)] = row
                column.addWidget(row)
        column.addStretch(1)

    def spoken(self) -> list[Said]:
        """Read aloud: the title and hint, then each section and each question with its answer."""
        return list(self._said)

    def clear(self) -> None:
        """Drop every listed answer (privacy wipe): a fresh, empty list."""
        self.rows = {}
        self._said = []
        self.scroll_area.new_column("ReviewList", (0, 8, 12, 8), 10)
