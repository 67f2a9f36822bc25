"""Full-width choice buttons for single choice, yes/no and multiple choice items."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, AnswerCode, FormDefinition, Item, ItemType
from kiosk.forms.scoring import same_code
from kiosk.speech.script import numbered
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.spoken import Said
from kiosk.ui.widgets.wrap_button import WrapButton


ONE_COLUMN_MAX = 5
"""Most options shown one under another; more go in two columns (they would not fit)."""
TWO_COLUMN_MAX = 8
"""Past this the list is a checklist of long labels (the safety screen's ten medicines):
one column again, the screen scrolls, and no half-width button cuts a word at A+++."""


CHOICE_TYPES = frozenset({ItemType.single_choice, ItemType.yes_no, ItemType.multiple_choice})


class ChoiceInput(QuestionInput):
    """One button per option; a single tap chooses (or toggles, for multiple choice)."""

    error_room = False  # the answers scroll from the top: a reason below moves none of them

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        self.multiple = item.type is ItemType.multiple_choice
        self.single_tap = not self.multiple
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.hint: QLabel | None = None
        self.group = QButtonGroup(self)
        self.buttons: list[tuple[AnswerCode, WrapButton]] = []
        """The buttons of this item's options, in order (``_spare`` holds hidden ones)."""
        self._spare: list[WrapButton] = []
        self._grid = QGridLayout()
        self._grid.setSpacing(12)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self._grid_shape: tuple[int, int] = (0, 0)
        self.relabel()

    def takes(self, item: Item, language: str) -> bool:
        """Any choice item in the same language (PHQ-9 to GAD-7, a yes/no after a scale, a
        checklist): its labels and codes on the same buttons, more made or some hidden as the
        number of options asks, nothing chosen."""
        return item.type in CHOICE_TYPES and language == self.language

    def relabel(self) -> None:
        self.multiple = self.item.type is ItemType.multiple_choice
        self.single_tap = not self.multiple
        self.group.setExclusive(not self.multiple)
        if self.multiple and self.hint is None:
            self.hint = hint = QLabel(tr("select_all", self.language), self)
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
            self._layout.insertWidget(0, hint)
        if self.hint is not None:
            self.hint.setVisible(self.multiple)
        options = self.form.options_of(self.item)
        pool = [button for _code, button in self.buttons] + self._spare
        while len(pool) < len(options):
            pool.append(self._new_button(len(pool)))
        for button, option in zip(pool, options):
            button.set_label_text(option.label.get(self.language))
        self.buttons = [(option.code, button) for option, button in zip(options, pool)]
        self._spare = pool[len(options):]
        self._place()

    def _new_button(self, n: int) -> WrapButton:
        button = WrapButton("", "choice", self, checkable=True)
        self.group.addButton(button)
        button.clicked.connect(lambda _checked=False: self._tapped(self.buttons[n][0]))
        return button

    def _place(self) -> None:
        """More options than fit one under another (the USAUDIT's seven): two columns, read
        down the first column, then the second, so the scale still runs in order. The grid is
        laid out again only when the number of options changes."""
        count = len(self.buttons)
        two_columns = ONE_COLUMN_MAX < count <= TWO_COLUMN_MAX
        rows = (count + 1) // 2 if two_columns else count
        if self._grid_shape == (count, rows):
            return
        self._grid_shape = (count, rows)
        for button in [b for _c, b in self.buttons] + self._spare:
            self._grid.removeWidget(button)
        for n, (_code, button) in enumerate(self.buttons):
            self._grid.addWidget(button, n % rows, n // rows)
            button.show()
        for button in self._spare:
            button.setChecked(False)
            button.set_label_text("")  # no option of another question waits in a hidden button
            button.hide()

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

    def spoken(self) -> list[Said]:
        """"Choose all that apply" (multiple choice), then each choice with its number."""
        said = [Said(self.hint.text(), self.language)] if self.hint is not None and self.multiple else []
        for n, (_code, button) in enumerate(self.buttons):
            said.append(Said(numbered(n, button.label_text(), self.language), self.language, button))
        return said

    def button_for(self, code: AnswerCode) -> WrapButton:
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
