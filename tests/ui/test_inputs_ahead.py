"""Inputs built ahead while the patient reads: one of each kind the visit needs, hidden and
empty, used by the question that needs it, and destroyed by the wipe like every other."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.pad_entry import DateInput
from kiosk.ui.widgets.registry import INPUTS
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.finger import Finger
from tests.ui.test_visit import choose_language


def live_inputs() -> list[QuestionInput]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in QApplication.allWidgets() if isinstance(w, QuestionInput)]


def built_ahead(qtbot: QtBot, kiosk: Kiosk) -> set[type[QuestionInput]]:
    """Let the event loop turn until the screen has built every kind the visit needs."""
    session = kiosk.flow.session
    assert session is not None
    wanted = {INPUTS[item.type] for _form, item in session.questions()}
    qtbot.waitUntil(lambda: wanted <= {type(w) for w in live_inputs()}, timeout=5000)
    return wanted


def test_the_visits_inputs_are_built_while_the_patient_reads(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    choose_language(finger, kiosk, "es")
    wanted = built_ahead(qtbot, kiosk)
    assert {TextInput, DateInput, ChoiceInput} <= wanted  # the check-in's name, birth date, choices
    on_screen = kiosk.window.question.input
    waiting = [w for w in live_inputs() if w is not on_screen]
    assert len({type(w) for w in waiting}) == len(waiting)  # one of a kind
    for widget in waiting:
        assert widget.isHidden() and widget.language == "es"
        assert widget.commit()[0] in (None, "", []), f"a {type(widget).__name__} built ahead holds an answer"
        assert not any(b.isChecked() for b in widget.findChildren(QAbstractButton) if not isinstance(widget, TextInput))
    date = next(w for w in waiting if isinstance(w, DateInput))
    finger.pass_reading()
    finger.answer(ItemType.text, "José Núñez")
    finger.next()  # preferred name is optional
    assert kiosk.window.question.input is date  # the birth date's pad was the one built ahead
    assert not date.isHidden() and date.commit() == (None, None)


def test_the_wipe_destroys_the_inputs_built_ahead_and_builds_no_more(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    choose_language(finger, kiosk, "en")
    qtbot.waitUntil(lambda: len(live_inputs()) >= 2, timeout=5000)  # the building is under way
    kiosk.flow.wipe()  # what Start over and the idle timeout run
    assert live_inputs() == []
    qtbot.wait(100)  # turns of the event loop in which the building would have gone on
    assert live_inputs() == []
    choose_language(finger, kiosk, "en")  # the next patient's visit builds its own
    built_ahead(qtbot, kiosk)


def test_a_chosen_answer_shows_bold_without_moving_anything(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    """The patient sees the chosen button checked during the pause before the next question:
    its words are drawn bolder (by the label itself, no restyling) and no button moves."""
    kiosk.flow.auto_advance = False  # hold the question, as the pause does
    choose_language(finger, kiosk, "en")
    finger.pass_reading()
    while not isinstance(kiosk.window.question.input, ChoiceInput):
        finger.answer(kiosk.flow.session.item().type, {ItemType.text: "Ana Ruiz", ItemType.date: "02291980",
                                                        ItemType.phone: "5551234567"}.get(kiosk.flow.session.item().type))
    widget = kiosk.window.question.input
    assert isinstance(widget, ChoiceInput)
    button = widget.buttons[0][1]
    places = [b.geometry() for _c, b in widget.buttons]
    before = on_white(button.words)
    finger.tap(button)
    qtbot.waitUntil(lambda: button.isChecked())
    assert button.words.bold and [b.geometry() for _c, b in widget.buttons] == places
    after = on_white(button.words)
    assert ink(after) > ink(before) > 0  # bolder strokes: more dark pixels


def on_white(label: QLabel) -> QImage:
    """The words alone, drawn on white."""
    image = QImage(label.size(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    label.render(image)
    return image


def ink(image: QImage) -> int:
    """Pixels darker than mid-grey (the words' strokes)."""
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).lightness() < 128)
