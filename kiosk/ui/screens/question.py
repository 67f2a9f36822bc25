"""One question per screen: progress, the question, its input, a calm error line, Back/Next.

Progress stays at the top and Back/Next at the bottom; the texts and the input between them
scroll under a finger when long questions or large text need more than the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.intake.entry import reason_texts
from kiosk.ui.accessibility import name, show_text, tab_chain
from kiosk.ui.screens.common import label, nav_row
from kiosk.ui.screens.inputs_ahead import InputsAhead
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.chrome import ProgressHeader
from kiosk.ui.widgets.error_line import ErrorLine
from kiosk.ui.widgets.registry import input_for
from kiosk.ui.widgets.scrolling import KineticScrollArea
from kiosk.ui.widgets.spoken import Said, shown_texts


@dataclass(frozen=True)
class QuestionView:
    """Everything the question screen shows for one step (plain data, no session)."""

    form: FormDefinition
    item: Item
    question: str
    """The question as this patient sees it (the item's text, or a text variant)."""
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
    answer_touched = Signal()
    """The patient changed the answer (a tap on a choice stops read-aloud)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QuestionScreen")
        self.input: QuestionInput | None = None
        self._parked: list[QuestionInput] = []
        """Emptied inputs of other kinds, hidden, kept for this visit (see ``_switch_input``)."""
        self._ahead = InputsAhead(self._new_input, self._held, self._parked_add, self)
        self._instructions_wanted = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 8, 48, 8)
        layout.setSpacing(8)
        self.progress = ProgressHeader(self)
        self.scroll_area = KineticScrollArea(self)
        content, column = self.scroll_area.new_column("QuestionContent", (0, 0, 0, 0), 8)
        self.instructions = label("", "instructions", content)
        self.question = label("", "question", content)
        self.help = label("", "hint", content)
        self.body = QVBoxLayout()
        for widget in (self.instructions, self.question, self.help):
            column.addWidget(widget)
        column.addSpacing(4)
        column.addLayout(self.body, 1)  # a keyboard or pad grows into the room left
        # a licensed form's notice (e.g. the C-SSRS copyright), which must show on the form;
        # inside the scrolled column, so a long notice never squeezes the answers
        self.notice = label("", "notice", content)
        self.notice.hide()
        column.addWidget(self.notice)
        self.error = ErrorLine(self)
        row, self.back_button, self.next_button = nav_row(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.back_tapped)
        self.next_button.clicked.connect(self.next_tapped)

    def show_question(self, view: QuestionView) -> None:
        """Show ``view.item`` with the kept answer: in the input on screen when it can take the
        item on (same kind of choice: no widgets rebuilt per tap), else in a fresh one.

        Drawn once, after every change: with updates on, the progress bar repainted itself at
        once on each ``setValue`` (twice per tap, 5 ms each under cProfile) before the rest."""
        self.setUpdatesEnabled(False)
        try:
            self._show_question(view)
        finally:
            self.setUpdatesEnabled(True)  # one update of the whole screen, painted with the next frame

    def _show_question(self, view: QuestionView) -> None:
        if self.input is not None and not self.input.reuse(view.form, view.item, view.language):
            self._switch_input(view)  # the one on screen is parked; a parked one may come back
        self.clear(keep_input=True)  # this visit's inputs stay (emptied); the wipe drops them
        language = view.language
        self.progress.show_progress(view.progress, view.fraction)
        self.instructions.setText(view.heading)
        self.notice.setText(view.form.licence_required or "")
        self.notice.setVisible(bool(view.form.licence_required))
        info = view.item.type is ItemType.info
        # an information text is read in the body below, not shouted as a question
        self.question.setText("" if info else view.question)
        self.question.setVisible(not info)
        help_text = view.item.help.get(language) if view.item.help else ""
        if not view.item.required and not info:
            help_text = (help_text + "  " if help_text else "") + tr("optional", language)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        if self.input is None:
            self.input = self._new_input(view.form, view.item, language)
            self.body.addWidget(self.input)
        # a screen reader on the entry says what it answers (an information text: the text itself)
        name(self.input, view.item.text.get(language) if info else view.question, help_text)
        # a full keyboard needs the room (the form's intro screen already gave the instructions)
        self._instructions_wanted = bool(view.heading) and not self.input.needs_room
        self.instructions.setVisible(self._instructions_wanted)
        self.input.set_value(view.answer)
        self.input.show()  # at once, not on the layout's queued show
        self.input.setFocus()  # a physical keyboard types into the new entry
        self.error.reserve_for(reason_texts(language, view.item.type) if self.input.error_room else [])
        self.scroll_area.scroll_to_top()
        self.fit_instructions()
        show_text(self.back_button, "‹  " + tr("back", language))
        show_text(self.next_button, tr("submit" if view.last else "next", language) + "  ›")
        self.tab_in_reading_order()

    def _new_input(self, form: FormDefinition, item: Item, language: str) -> QuestionInput:
        # made in the scrolled column it will show in: made on the screen, the layout moved it
        # there on its first show, and the new parent's style polished every key again (a
        # keyboard's first show 38 -> 17 ms, a pad's 11 -> 5 ms)
        widget = input_for(form, item, language, self.scroll_area.widget())
        widget.chosen.connect(self.chosen)
        widget.changed.connect(self.hide_error)
        widget.changed.connect(self.answer_touched)
        return widget

    def build_ahead(self, items: list[tuple[FormDefinition, Item]], language: str) -> None:
        """Build, in the event loop's spare turns, an input of each kind ``items`` will need
        that the screen does not hold yet (``InputsAhead``); they wait hidden and empty."""
        self._ahead.plan(items, language)

    def _held(self) -> list[QuestionInput]:
        return [*([self.input] if self.input is not None else []), *self._parked]

    def _parked_add(self, widget: QuestionInput) -> None:
        self._parked.append(widget)

    def tab_in_reading_order(self) -> None:
        """Tab goes through the answers first, then Back and Next (the input is built after
        them, so Qt's order of creation would put Back and Next first)."""
        assert self.input is not None
        stops = [w for w in self.input.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        tab_chain([self.input, *stops, self.back_button, self.next_button])

    def spoken(self) -> list[Said]:
        """Read aloud: the line above the question (a form's stem or title), the question,
        its hint, then the answers with their numbers."""
        if self.input is None:
            return []
        language = self.input.language
        said = [Said(self.instructions.text(), language)] if self._instructions_wanted and self.instructions.text() else []
        return said + shown_texts(language, self.question, self.help) + self.input.spoken()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A physical keyboard: Enter is Next; typing reaches the entry even if Back had focus."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_tapped.emit()
        elif self.input is None or not self.input.take_key(event):
            super().keyPressEvent(event)

    def fit_instructions(self) -> None:
        """Let the form's instructions give way when the question and its answers would not
        fit with them (the largest text, or many options such as the USAUDIT's seven); they
        still show on the form's other questions. What still does not fit scrolls."""
        content = self.scroll_area.widget()
        column = content.layout() if content is not None else None
        if column is None or not self._instructions_wanted or self.input is None:
            return
        width = self.scroll_area.width()
        needed = column.totalHeightForWidth(width) if column.hasHeightForWidth() else column.totalMinimumSize().height()
        if self.instructions.isHidden():
            needed += self.instructions.heightForWidth(width) + column.spacing()
        fits = needed <= self.scroll_area.height()
        if fits != self.instructions.isVisible():
            self.instructions.setVisible(fits)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_instructions()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            QTimer.singleShot(0, self.fit_instructions)  # once the new sizes are known

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def hide_error(self) -> None:
        self.error.hide()

    def _switch_input(self, view: QuestionView) -> None:
        """The question needs another kind of input than the one on screen: park the emptied one
        and bring back a parked input that can take ``view.item`` on, if there is one.

        Rebuilding a keyboard each time a text question followed a date or a choice was most
        of the slowest taps (a keyboard's keys built and polished again). A parked input is
        emptied first and hidden, so no earlier answer lingers in it, and the wipe at the end
        of the visit destroys every one (``clear``). Leaves ``self.input`` None when none fits."""
        current = self.input
        if current is None:
            return
        found = next((p for p in self._parked if p.reuse(view.form, view.item, view.language)), None)
        self._parked = [p for p in self._parked if p is not found]
        if type(current).takes is QuestionInput.takes:  # a kind that never takes another item on
            self._drop(current)
        else:
            current.clear()
            current.hide()
            self.body.removeWidget(current)
            older = [p for p in self._parked if type(p) is type(current)]  # the newest of a kind stays
            for old in older:
                self._drop(old)
            self._parked = [p for p in self._parked if p not in older] + [current]
        self.input = found
        if found is not None:
            self.body.addWidget(found)

    def _drop(self, old: QuestionInput) -> None:
        """Empty ``old`` and destroy it once the event loop is back."""
        old.clear()
        # hidden and out of the layout now, deleted later: taking it off its parent first
        # (setParent(None)) un-polished every key of a keyboard, about a third of the time
        # from a tap to the next question
        old.hide()
        self.body.removeWidget(old)
        old.deleteLater()

    def clear(self, *, keep_input: bool = False) -> None:
        """Drop the input and every text of the last question (privacy wipe); ``keep_input``:
        the input stays, already emptied and relabelled for the next question. Without it the
        parked inputs go too: after a wipe no input of the visit is left."""
        doomed = [] if keep_input else self._held()
        if not keep_input:
            self._ahead.stop()
            self.input, self._parked = None, []
        for old in doomed:
            self._drop(old)
        for widget in (self.instructions, self.question, self.help, self.error, self.notice):
            widget.clear()
        self.error.hide()
        self.notice.hide()
        self.progress.show_progress("", 0.0)
