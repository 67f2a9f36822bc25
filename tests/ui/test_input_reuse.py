"""An input kept for the next item of its kind shows that item and nothing of the last one.

Inputs are relabelled instead of rebuilt (issue #16: building a screenful of widgets was most
of a slow tap): a stale label, a hidden button still checked, or a digit left on a pad would
show the patient the wrong question or an earlier answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TEXT_SCALES
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.info import InfoInput
from kiosk.ui.widgets.pad_entry import DateInput, NumberInput
from kiosk.ui.widgets.signature import SignatureInput
from kiosk.ui.widgets.wrap_button import WrapButton
from tests.ui.finger import Finger
from tests.ui.test_navigation import to_phq9


def find(library: FormLibrary, wanted: Callable[[FormDefinition, Item], bool]) -> tuple[FormDefinition, Item]:
    """The first bundled item ``wanted`` picks (the forms are data: no item id is assumed)."""
    for form in library.forms.values():
        for item in form.items:
            if wanted(form, item):
                return form, item
    raise LookupError("no bundled item fits")


def choice_with(count: int, kind: ItemType = ItemType.single_choice) -> Callable[[FormDefinition, Item], bool]:
    return lambda form, item: item.type is kind and len(form.options_of(item)) == count


def shown_buttons(widget: ChoiceInput) -> list[WrapButton]:
    return [b for b in widget.findChildren(WrapButton) if not b.isHidden()]


def test_one_choice_input_takes_on_choice_items_of_any_size(qtbot: QtBot, library: FormLibrary) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1000, 900)
    four = find(library, choice_with(4))
    widget = ChoiceInput(*four, "en", parent)
    parent.show()
    widget.button_for(four[0].options_of(four[1])[2].code).click()
    yes_no = find(library, lambda f, i: i.type is ItemType.yes_no)
    assert widget.reuse(*yes_no, "en")
    # the yes/no's two answers, in its words; the other two buttons hidden and unchecked
    assert [b.label_text() for b in shown_buttons(widget)] == [o.label.get("en") for o in yes_no[0].options_of(yes_no[1])]
    assert not any(b.isChecked() for b in widget.findChildren(WrapButton))
    assert all(not b.label_text() for b in widget.findChildren(WrapButton) if b.isHidden())
    assert widget.hint is None or widget.hint.isHidden()
    seven = find(library, lambda f, i: i.type is ItemType.single_choice and 5 < len(f.options_of(i)) <= 8)
    assert widget.reuse(*seven, "en")
    options = seven[0].options_of(seven[1])
    assert [b.label_text() for b in shown_buttons(widget)] == [o.label.get("en") for o in options]
    # more than five: two columns, read down the first column, then the second
    rows = (len(options) + 1) // 2
    first, second = widget.button_for(options[0].code), widget.button_for(options[rows].code)
    qtbot.waitUntil(lambda: second.geometry().left() > first.geometry().right())
    assert second.geometry().top() == first.geometry().top()
    widget.button_for(options[-1].code).click()  # a new button answers with its own code
    assert widget.commit() == (options[-1].code, None)


def test_a_kept_choice_input_turns_from_single_to_multiple_choice_and_back(qtbot: QtBot, library: FormLibrary) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    single = find(library, lambda f, i: i.type is ItemType.single_choice)
    multiple = find(library, lambda f, i: i.type is ItemType.multiple_choice
                    and not any(o.exclusive for o in f.options_of(i)[:2]))
    widget = ChoiceInput(*single, "en", parent)
    assert widget.reuse(*multiple, "en")
    assert widget.hint is not None and not widget.hint.isHidden() and widget.multiple
    codes = [o.code for o in multiple[0].options_of(multiple[1])[:2]]
    for code in codes:
        widget.button_for(code).click()
    assert widget.commit() == (codes, None)  # both kept: the group is not exclusive
    hint = widget.hint.text()
    assert widget.spoken()[0].text == hint  # read aloud first
    assert widget.reuse(*single, "en")
    assert widget.hint.isHidden() and not widget.multiple
    assert hint not in [said.text for said in widget.spoken()]  # a single choice is not "all that apply"
    assert not any(b.isChecked() for b in widget.findChildren(WrapButton))
    options = single[0].options_of(single[1])
    widget.button_for(options[0].code).click()
    widget.button_for(options[1].code).click()
    assert widget.commit() == (options[1].code, None)  # exclusive again: one answer
    assert not widget.reuse(*single, "es")  # another language: a new input (its words, its keys)


def test_kept_pads_readings_and_signatures_start_empty(qtbot: QtBot, library: FormLibrary) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    numbers = [(f, i) for f in library.forms.values() for i in f.items if i.type is ItemType.number]
    assert len(numbers) >= 2
    pad = NumberInput(*numbers[0], "en", parent)
    pad.set_value(42)
    assert pad.reuse(*numbers[1], "en")
    assert pad.commit() == (None, None) and "42" not in pad.display.text()
    assert pad.item is numbers[1][1]
    date = find(library, lambda f, i: i.type is ItemType.date)
    phone = find(library, lambda f, i: i.type is ItemType.phone)
    assert not DateInput(*date, "en", parent).reuse(*phone, "en")  # another kind: another pad
    infos = [(f, i) for f in library.forms.values() for i in f.items if i.type is ItemType.info]
    reading = InfoInput(*infos[0], "en", parent)
    reading.reuse(infos[-1][0], infos[-1][1], "es")
    assert reading.text.text() == infos[-1][1].text.get("es") and reading.language == "es"
    signature = find(library, lambda f, i: i.type is ItemType.signature)
    signing = SignatureInput(*signature, "en", parent)
    signing.pad.start_stroke(signing.pad.rect().center().toPointF())
    assert not signing.pad.is_empty()
    assert signing.reuse(*signature, "en")
    assert signing.pad.is_empty() and signing.commit() == (None, None)


def test_a_kept_choice_input_follows_a_text_size_change(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    """Text made larger on one question: the same buttons, relabelled for the next, are as tall
    as their words need at the new size (and the chosen one's bold), none cut off."""
    to_phq9(finger, kiosk)
    widget = kiosk.window.question.input
    assert isinstance(widget, ChoiceInput)
    small = widget.buttons[0][1].height()
    finger.tap(kiosk.window.top_bar.size_buttons[max(TEXT_SCALES, key=TEXT_SCALES.__getitem__)])
    finger.answer(ItemType.single_choice, 1)
    assert kiosk.window.question.input is widget  # kept, relabelled

    def fitted() -> bool:
        return all(b.height() >= b.words.heightForWidth(b.words.width()) for _c, b in widget.buttons)

    qtbot.waitUntil(fitted)
    assert widget.buttons[0][1].height() > small
