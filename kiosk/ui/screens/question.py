"""One question per screen: progress, the question, its input, a calm error line, Back/Next."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.ui.screens.common import label, nav_row
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.chrome import ProgressHeader
from kiosk.ui.widgets.registry import input_for


@dataclass(frozen=True)
class QuestionView:
    """Everything the question screen shows for one step (plain data, no session)."""

    form: FormDefinition
    item: Item
    language: str
    progress: str
    fraction: float
    answer: Answer
    last: bool
    heading: str = ""
    """The line above the question: the form's stem or its title (the session decides)."""


class QuestionScreen(QWidget):
    """Shows one item with the input its type calls for; emits what the patient did."""

    next_tapped = Signal()
    back_tapped = Signal()
    chosen = Signal(object)
    """A single choice was tapped (auto-advance candidate)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QuestionScreen")
        self.input: QuestionInput | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(10)
        self.progress = ProgressHeader(self)
        self.instructions = label("", "instructions", self)
        self.question = label("", "question", self)
        self.help = label("", "hint", self)
        self.body = QVBoxLayout()
        self.error = label("", "error", self)
        self.error.hide()
        row, self.back_button, self.next_button = nav_row(self)
        for widget in (self.progress, self.instructions, self.question, self.help):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.back_tapped)
        self.next_button.clicked.connect(self.next_tapped)

    def show_question(self, view: QuestionView) -> None:
        """Replace the input with a fresh one for ``view.item`` showing the kept answer."""
        self.clear()
        language = view.language
        self.progress.show_progress(view.progress, view.fraction)
        self.instructions.setText(view.heading)
        info = view.item.type is ItemType.info
        # an information text is read in the body below, not shouted as a question
        self.question.setText("" if info else view.item.text.get(language))
        self.question.setVisible(not info)
        help_text = view.item.help.get(language) if view.item.help else ""
        if not view.item.required and not info:
            help_text = (help_text + "  " if help_text else "") + tr("optional", language)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        self.input = input_for(view.form, view.item, language, self)
        # a full keyboard needs the room (the form's intro screen already gave the instructions)
        self.instructions.setVisible(bool(view.heading) and not self.input.needs_room)
        self.input.set_value(view.answer)
        self.input.chosen.connect(self.chosen)
        self.input.changed.connect(self.hide_error)
        self.body.addWidget(self.input)
        self.input.show()  # at once, not on the layout's queued show
        self.input.setFocus()  # a physical keyboard types into the new entry
        self.back_button.setText("‹  " + tr("back", language))
        self.next_button.setText(tr("submit" if view.last else "next", language) + "  ›")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A physical keyboard: Enter is Next; typing reaches the entry even if Back had focus."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_tapped.emit()
        elif self.input is None or not self.input.take_key(event):
            super().keyPressEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def hide_error(self) -> None:
        self.error.hide()

    def clear(self) -> None:
        """Drop the input and every text of the last question (privacy wipe)."""
        if self.input is not None:
            self.input.clear()
            self.body.removeWidget(self.input)
            self.input.setParent(None)
            self.input.deleteLater()
            self.input = None
        for widget in (self.instructions, self.question, self.help, self.error):
            widget.clear()
        self.error.hide()
        self.progress.show_progress("", 0.0)
