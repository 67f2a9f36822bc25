"""A reason appearing under a number pad or keyboard moves no key: its line's room is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import ItemType
from kiosk.intake.entry import reason_texts
from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TEXT_SCALES
from kiosk.ui.widgets.pad_entry import PadInput
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.finger import Finger
from tests.ui.fit import fit_problems
from tests.ui.screen_walk import bundled_kiosk, show_item  # noqa: F401 - bundled_kiosk is a fixture

KEYED = (ItemType.date, ItemType.phone, ItemType.time, ItemType.number, ItemType.text)


def _key_places(kiosk: Kiosk) -> dict[str, QRect]:
    widget = kiosk.window.question.input
    keys = widget.pad.keys if isinstance(widget, PadInput) else widget.keyboard.keys if isinstance(widget, TextInput) else {}
    assert keys, f"{type(widget).__name__} has no keys"
    window = kiosk.window
    return {key: QRect(button.mapTo(window, button.rect().topLeft()), button.size()) for key, button in keys.items()}


@pytest.mark.parametrize("size", list(TEXT_SCALES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_key_moves_when_a_reason_appears(
    qtbot: QtBot, bundled_kiosk: Kiosk, library: FormLibrary, visit_library: FormLibrary, size: str, language: str,
) -> None:
    """Every keyed item type (the test forms add a number item) at every size, in both languages."""
    window = bundled_kiosk.window
    window.top_bar.size_buttons[size].click()
    seen = set()
    for form in [*library.forms.values(), *visit_library.forms.values()]:
        for item in form.items:
            if item.type not in KEYED or item.type in seen:
                continue
            seen.add(item.type)
            show_item(window, form, item, language)
            qtbot.wait(10)
            before = _key_places(bundled_kiosk)
            window.question.show_error(max(reason_texts(language, item.type), key=len))
            qtbot.wait(10)
            where = f"{form.id} {item.id} [{language}, {size}]"
            assert window.question.error.isVisible()
            assert _key_places(bundled_kiosk) == before, f"{where}: keys moved when the reason appeared"
            assert not fit_problems(window), f"{where}: {fit_problems(window)}"
    assert seen == set(KEYED)


def test_a_rejected_time_moves_no_key(qtbot: QtBot, bundled_kiosk: Kiosk, library: FormLibrary) -> None:
    """Through the real flow: 9:9 typed, Next tapped, the reason shows, a quick second tap lands."""
    kiosk, finger = bundled_kiosk, Finger(qtbot, bundled_kiosk)
    kiosk.window.top_bar.size_buttons["A++"].click()
    finger.tap(kiosk.window.attract)
    finger.tap(kiosk.window.language.buttons["es"])
    session = kiosk.flow.session
    assert session is not None
    session.go_to("safety", "last_food_time")
    qtbot.waitUntil(lambda: isinstance(kiosk.window.question.input, PadInput))
    finger.type_digits("99")
    before = _key_places(kiosk)
    finger.next()
    assert kiosk.window.question.error.isVisible()
    assert _key_places(kiosk) == before
    widget = kiosk.window.question.input
    assert isinstance(widget, PadInput)
    finger.type_digits("1")  # the quick second tap reaches its key
    assert widget.digits == "991"
    assert _key_places(kiosk) == before
