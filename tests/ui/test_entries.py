"""On-screen keyboard, digit pads, date of birth checks and the signature pad."""

from __future__ import annotations

import base64

import pytest
from PySide6.QtGui import QImage

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.keyboard import BACKSPACE, CLEAR, SHIFT
from kiosk.ui.widgets.pad_entry import PadInput, TimeInput
from kiosk.ui.widgets.signature import SignatureInput
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.finger import Finger
from tests.ui.test_visit import start


def test_keyboard_types_a_name_with_accents(kiosk: Kiosk, finger: Finger) -> None:
    start(finger, kiosk, "es")
    widget = kiosk.window.question.input
    assert isinstance(widget, TextInput)
    finger.type_text("josé núñez")  # capitals come by themselves at each word
    assert widget.display.text() == "José Núñez|"
    finger.tap(widget.keyboard.keys[BACKSPACE])
    finger.tap(widget.keyboard.keys[SHIFT])
    finger.tap(widget.keyboard.keys["z"])
    assert widget.text == "José NúñeZ"
    finger.tap(widget.keyboard.keys[CLEAR])
    assert widget.text == ""
    finger.type_text("ángela müller")
    finger.next()
    assert kiosk.flow.session is not None
    assert kiosk.flow.session.answers["checkin"]["legal_name"] == "Ángela Müller"


def test_empty_required_text_is_explained(kiosk: Kiosk, finger: Finger) -> None:
    start(finger, kiosk, "en")
    finger.next()
    assert kiosk.window.question.error.isVisible()
    assert kiosk.window.question.error.text() == "Please answer this question to continue."


def to_date(finger: Finger, kiosk: Kiosk, language: str) -> PadInput:
    start(finger, kiosk, language)
    finger.answer(ItemType.text, "Ana")
    finger.next()
    widget = kiosk.window.question.input
    assert isinstance(widget, PadInput)
    return widget


@pytest.mark.parametrize(
    ("language", "typed", "reason"),
    [
        ("en", "02302001", "February 2001 has only 28 days."),
        ("en", "13011990", "There is no month 13. Months go from 01 to 12."),
        ("en", "01012030", "That date is in the future. Please check the year."),
        ("en", "0101198", "Please enter the whole date: month, day and 4-digit year."),
        ("es", "04311990", "Abril de 1990 solo tiene 30 días."),
        ("es", "06151850", "Esa fecha es de hace más de 125 años. Revise el año."),
    ],
)
def test_impossible_dates_are_rejected_with_the_reason(kiosk: Kiosk, finger: Finger, language: str, typed: str, reason: str) -> None:
    widget = to_date(finger, kiosk, language)
    finger.type_digits(typed)
    finger.next()
    screen = kiosk.window.question
    assert screen.error.isVisible() and screen.error.text() == reason
    assert kiosk.flow.session is not None
    assert kiosk.flow.session.step.item_id == "dob"
    assert "dob" not in kiosk.flow.session.answers["checkin"]
    for _ in range(8):
        finger.tap(widget.pad.keys[BACKSPACE])
    assert widget.display.text() == "__/__/____"
    assert not screen.error.isVisible()  # typing again clears the message
    finger.type_digits("02291980")
    finger.next()
    assert kiosk.flow.session.answers["checkin"]["dob"] == "1980-02-29"


def test_phone_needs_ten_digits(kiosk: Kiosk, finger: Finger) -> None:
    to_date(finger, kiosk, "en")
    finger.answer(ItemType.date, "07041976")
    finger.type_digits("555123")
    widget = kiosk.window.question.input
    assert isinstance(widget, PadInput) and widget.display.text() == "(555) 123-____"
    finger.next()
    assert kiosk.window.question.error.text() == "Please enter a 10-digit phone number."
    finger.type_digits("4567")
    finger.next()
    assert kiosk.flow.session is not None
    assert kiosk.flow.session.answers["checkin"]["phone"] == "(555) 123-4567"


def test_time_needs_am_or_pm(kiosk: Kiosk, finger: Finger) -> None:
    kiosk.flow.start()
    session = kiosk.flow.session
    assert session is not None
    session.set_language("en")
    session.go_to("safety", "last_food")  # straight to the time question
    widget = kiosk.window.question.input
    assert isinstance(widget, TimeInput)
    finger.type_digits("1215")
    finger.next()
    assert kiosk.window.question.error.text() == "Please tap AM or PM."
    finger.tap(widget.am)
    finger.next()
    assert session.answers["safety"]["last_food"] == "00:15"


def test_signature_is_drawn_by_finger_and_exported_as_png(kiosk: Kiosk, finger: Finger) -> None:
    kiosk.flow.start()
    session = kiosk.flow.session
    assert session is not None
    session.go_to("consent", "signature")
    widget = kiosk.window.question.input
    assert isinstance(widget, SignatureInput)
    finger.next()
    assert kiosk.window.question.error.text() == "Please sign in the box with your finger."
    finger.sign()
    finger.tap(widget.clear_button)
    assert widget.pad.is_empty()
    finger.sign()
    uri, problem = widget.commit()
    assert problem is None and isinstance(uri, str)
    image = QImage()
    assert image.loadFromData(base64.b64decode(uri.removeprefix("data:image/png;base64,")), "PNG")
    assert (image.width(), image.height()) == (widget.pad.width(), widget.pad.height())
    dark = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2) if image.pixelColor(x, y).value() < 100)
    assert dark > 50  # the stroke is in the picture


def test_exclusive_option_clears_the_others(kiosk: Kiosk, finger: Finger, library) -> None:  # type: ignore[no-untyped-def]
    """The bundled safety screen's "None of these" cannot be chosen together with a medicine."""
    from kiosk.ui.widgets.choice import ChoiceInput

    form = library.form("safety")
    item = form.item("medications")
    widget = ChoiceInput(form, item, "en")
    finger.qtbot.addWidget(widget)
    widget.show()
    for code in ("benzodiazepine", "opioid"):
        finger.tap(widget.button_for(code))
    assert widget.commit() == (["benzodiazepine", "opioid"], None)
    finger.tap(widget.button_for("none"))
    assert widget.commit() == (["none"], None)
    finger.tap(widget.button_for("maoi"))
    assert widget.commit() == (["maoi"], None)
