"""Which input widget answers which item type (magicgui's type map, for questions)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.info import InfoInput
from kiosk.ui.widgets.pad_entry import DateInput, NumberInput, PhoneInput, TimeInput
from kiosk.ui.widgets.signature import SignatureInput
from kiosk.ui.widgets.text_entry import TextInput

INPUTS: dict[ItemType, type[QuestionInput]] = {
    ItemType.single_choice: ChoiceInput,
    ItemType.multiple_choice: ChoiceInput,
    ItemType.yes_no: ChoiceInput,
    ItemType.text: TextInput,
    ItemType.number: NumberInput,
    ItemType.date: DateInput,
    ItemType.time: TimeInput,
    ItemType.phone: PhoneInput,
    ItemType.signature: SignatureInput,
    ItemType.info: InfoInput,
}


def input_for(form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> QuestionInput:
    """A new input widget for ``item`` (KeyError names an item type with no widget)."""
    try:
        kind = INPUTS[item.type]
    except KeyError:
        raise KeyError(f"no input widget registered for item type {item.type.value!r}") from None
    return kind(form, item, language, parent)
