"""Full-width choice buttons for single choice, yes/no and multiple choice items."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from kiosk.forms.model import Answer, AnswerCode, FormDefinition, Item, ItemType
from kiosk.forms.scoring import same_code
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import QuestionInput, touch_button
from kiosk.ui.widgets.wrap_button import WrapButton


ONE_COLUMN_MAX = 5
"""Most options shown one under another; more go in two columns (they would not fit)."""

LONG_LIST = 8
"""More options than this scroll under a finger in one full-width column (and the form's
instructions step aside): their labels are long (the safety screen's medicines), at the
largest text size they fit neither one column nor two half-width ones. Up to this many
(the USAUDIT's seven) fit in two columns."""


class ChoiceInput(QuestionInput):
    """One button per option; a single tap chooses (or toggles, for multiple choice)."""

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        self.multiple = item.type is ItemType.multiple_choice
        self.single_tap = not self.multiple
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        if self.multiple:
            hint = QLabel(tr("select_all", language))
            hint.setProperty("role", "hint")
            layout.addWidget(hint)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.buttons: list[tuple[AnswerCode, QPushButton]] = []
        options = form.options_of(item)
        self.needs_room = len(options) > LONG_LIST
        if self.needs_room:
            holder, column = self._scrolled(layout)
            for option in options:
                text = option.label.get(language)
                column.addWidget(self._button(option.code, text, WrapButton(text, "choice", holder)))
            column.addStretch(1)
            return
        # More options than fit one under another (the USAUDIT's seven): two columns, read
        # down the first column, then the second, so the scale still runs in order.
        # Half-width buttons keep their label on one line (a wrapped one was cut off at the
        # largest text in Spanish); the short frequency labels fit.
        grid = QGridLayout()
        grid.setSpacing(12)
        rows = len(options) if len(options) <= ONE_COLUMN_MAX else (len(options) + 1) // 2
        for n, option in enumerate(options):
            text = option.label.get(language)
            button = (self._button(option.code, text, WrapButton(text, "choice", self)) if rows == len(options)
                      else self._button(option.code, text, touch_button(text, "choice", self, checkable=True)))
            grid.addWidget(button, n % rows, n // rows)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _button(self, code: AnswerCode, text: str, button: QPushButton) -> QPushButton:
        """One option's checkable ``button``, joined to the group."""
        button.setAccessibleName(text)
        self.group.addButton(button)
        self.buttons.append((code, button))
        button.clicked.connect(lambda _checked=False, code=code: self._tapped(code))
        return button

    def _scrolled(self, layout: QVBoxLayout) -> tuple[QWidget, QVBoxLayout]:
        """A finger-scrolled column for a long option list; the buttons keep their size."""
        area = QScrollArea(self)
        area.setObjectName("ChoiceScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName("ChoiceList")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 16, 0)  # a gap before the scroll bar beside the buttons
        column.setSpacing(12)
        area.setWidget(holder)
        # No QScroller here: after the list has scrolled it swallowed taps on the buttons
        # (offscreen and in tests); the finger-wide scroll bar (QSS #ChoiceScroll) moves it.
        layout.addWidget(area, 1)
        return holder, column

    def _tapped(self, code: AnswerCode) -> None:
        if self.multiple:
            self._keep_exclusive(code)
        self.changed.emit()
        if not self.multiple:
            self.chosen.emit(code)

    def _keep_exclusive(self, tapped: AnswerCode) -> None:
        """"None of these" and a medicine cannot both be chosen: the latest tap wins."""
        exclusive = {o.code for o in self.form.options_of(self.item) if o.exclusive}
        tapped_exclusive = any(same_code(tapped, e) for e in exclusive)
        for code, button in self.buttons:
            if same_code(code, tapped) or not button.isChecked():
                continue
            if tapped_exclusive or any(same_code(code, e) for e in exclusive):
                button.setChecked(False)

    def button_for(self, code: AnswerCode) -> QPushButton:
        """The button of the option with this code (tests tap it like a finger)."""
        for option_code, button in self.buttons:
            if same_code(option_code, code):
                return button
        raise KeyError(code)

    def set_value(self, value: Answer) -> None:
        chosen = value if isinstance(value, list) else [value]
        self.group.setExclusive(False)  # an exclusive group cannot uncheck its last button
        for code, button in self.buttons:
            button.setChecked(value is not None and any(same_code(code, c) for c in chosen))
        self.group.setExclusive(not self.multiple)

    def commit(self) -> tuple[Answer, str | None]:
        codes = [code for code, button in self.buttons if button.isChecked()]
        if self.multiple:
            return codes, None
        return (codes[0] if codes else None), None
