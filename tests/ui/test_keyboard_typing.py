"""Typing names and short answers: punctuation keys, where capitals come, a physical keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import FormDefinition, Item, ItemType, LocalizedText
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.keyboard import SHIFT
from kiosk.ui.widgets.pad_entry import PadInput, TimeInput
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.conftest import NOW, Outbox, running_kiosk
from tests.ui.finger import Finger
from tests.ui.test_visit import start


@pytest.fixture
def bundled(qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox) -> Iterator[Kiosk]:
    """The clinic's own check-in form (its emergency contact hint: "Ana Ruiz, sister")."""
    from kiosk.settings import Settings

    with running_kiosk(qtbot, Settings(data_dir=tmp_path), library, outbox, clock=lambda: NOW, auto_advance_ms=10) as built:
        yield built


def text_question(kiosk: Kiosk, item_id: str) -> TextInput:
    widget = Finger(None, kiosk).open("checkin", item_id)  # type: ignore[arg-type]  # no taps
    assert isinstance(widget, TextInput)
    return widget


def test_the_hints_own_example_can_be_typed(qtbot: QtBot, bundled: Kiosk) -> None:
    finger = Finger(qtbot, bundled)
    widget = text_question(bundled, "emergency_contact_name")
    finger.type_text("ana ruiz, sister")
    assert widget.text == "Ana Ruiz, sister"  # a name's words get capitals; after the comma, words
    finger.next()
    assert bundled.flow.session is not None
    assert bundled.flow.session.answers["checkin"]["emergency_contact_name"] == "Ana Ruiz, sister"


def test_names_with_apostrophes_hyphens_and_periods(qtbot: QtBot, bundled: Kiosk) -> None:
    finger = Finger(qtbot, bundled)
    widget = text_question(bundled, "legal_name")
    finger.type_text("mary o'brien smith-jones jr.")
    assert widget.text == "Mary O'Brien Smith-Jones Jr."


def test_shift_at_a_capital_gives_a_small_letter(qtbot: QtBot, bundled: Kiosk) -> None:
    """"de la Cruz": where a capital would come by itself, Shift turns it off for one letter."""
    finger = Finger(qtbot, bundled)
    widget = text_question(bundled, "legal_name")
    finger.type_text("rosa ")
    assert widget.keyboard.keys[SHIFT].isChecked() and widget.keyboard.keys["d"].text() == "D"
    finger.tap(widget.keyboard.keys[SHIFT])
    assert not widget.keyboard.keys[SHIFT].isChecked() and widget.keyboard.keys["d"].text() == "d"
    finger.type_text("de ")
    finger.tap(widget.keyboard.keys[SHIFT])
    finger.type_text("la cruz")
    assert widget.text == "Rosa de la Cruz"


def test_spanish_letters_stay_on_the_keyboard(qtbot: QtBot, bundled: Kiosk) -> None:
    finger = Finger(qtbot, bundled)
    widget = text_question(bundled, "legal_name")
    assert {"ñ", "á", "é", "í", "ó", "ú", "ü"} <= set(widget.keyboard.keys)
    finger.type_text("ñuño ibáñez")
    assert widget.text == "Ñuño Ibáñez"


def free_text(qtbot: QtBot) -> tuple[TextInput, Finger]:
    """A clinic's free-text question (not a name): capitals only where a sentence starts."""
    item = Item(id="how_today", type=ItemType.text, text=LocalizedText({"en": "How are you today?", "es": "¿Cómo está hoy?"}))
    form = FormDefinition(id="notes", version="1", title=LocalizedText({"en": "Notes", "es": "Notas"}),
                          instructions=LocalizedText({"en": "A few words.", "es": "Unas palabras."}),
                          source="test", licence="test", items=(item,))
    widget = TextInput(form, item, "en")
    qtbot.addWidget(widget)
    widget.resize(1180, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, Finger(qtbot, None)  # type: ignore[arg-type]  # only taps


def test_free_text_capitalises_sentences_not_words(qtbot: QtBot) -> None:
    widget, finger = free_text(qtbot)
    for ch in "tired but ok. my sister drove me":
        finger.tap(widget.keyboard.keys[" " if ch == " " else ch])
    assert widget.text == "Tired but ok. My sister drove me"


# --- a physical keyboard ---------------------------------------------------------------------
def focused(qtbot: QtBot, kiosk: Kiosk) -> QWidget:
    """Where a physical keyboard's key presses go now: the focused widget of the kiosk."""
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_a_physical_keyboard_types_into_the_entry_and_enter_goes_on(kiosk: Kiosk, finger: Finger, qtbot: QtBot) -> None:
    start(finger, kiosk, "en")
    entry = kiosk.window.question.input
    assert isinstance(entry, TextInput)
    assert focused(qtbot, kiosk) is entry
    qtbot.keyClicks(entry, "ana o'brienn")
    qtbot.keyClick(entry, Qt.Key.Key_Backspace)
    assert entry.display.text() == "Ana O'Brien|"
    qtbot.keyClick(focused(qtbot, kiosk), Qt.Key.Key_Return)
    session = kiosk.flow.session
    assert session is not None and session.answers["checkin"]["legal_name"] == "Ana O'Brien"
    assert session.step.item_id == "preferred_name"
    qtbot.keyClick(focused(qtbot, kiosk), Qt.Key.Key_Enter)  # optional: the keypad's Enter skips it
    date = kiosk.window.question.input
    assert isinstance(date, PadInput) and focused(qtbot, kiosk) is date
    qtbot.keyClicks(date, "02291980x/")  # letters and marks have no place in a date
    assert date.display.text() == "02/29/1980"
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert session.answers["checkin"]["dob"] == "1980-02-29"
    phone = kiosk.window.question.input
    assert isinstance(phone, PadInput) and focused(qtbot, kiosk) is phone
    qtbot.keyClicks(phone, "55512345698")  # the eleventh digit finds no room
    qtbot.keyClick(phone, Qt.Key.Key_Backspace)
    qtbot.keyClicks(phone, "7")
    qtbot.keyClick(phone, Qt.Key.Key_Return)
    assert session.answers["checkin"]["phone"] == "(555) 123-4567"


def test_keys_reach_the_entry_after_a_tap_on_its_buttons(kiosk: Kiosk, finger: Finger, qtbot: QtBot) -> None:
    """After a finger taps AM (the button takes focus), typed digits still reach the time."""
    widget = finger.open("safety", "last_food")
    assert isinstance(widget, TimeInput)
    session = kiosk.flow.session
    assert session is not None
    finger.tap(widget.pm)
    qtbot.keyClicks(focused(qtbot, kiosk), "0715a")  # "a" for AM
    assert widget.display.text() == "07:15" and widget.am.isChecked()
    qtbot.keyClick(focused(qtbot, kiosk), Qt.Key.Key_Return)
    assert session.answers["safety"]["last_food"] == "07:15"


def test_a_number_takes_its_point_from_the_keyboard(kiosk: Kiosk, finger: Finger, qtbot: QtBot) -> None:
    widget = finger.open("safety", "drinks")
    assert isinstance(widget, PadInput) and focused(qtbot, kiosk) is widget
    session = kiosk.flow.session
    assert session is not None
    qtbot.keyClicks(widget, "2.5")
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert session.answers["safety"]["drinks"] == 2.5
