"""Back keeps answers, review edits re-score, skip logic, the critical note, auto-advance."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.intake.session import Step
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.conftest import Outbox
from tests.ui.finger import Finger
from tests.ui.test_visit import do_checkin, start


def to_phq9(finger: Finger, kiosk: Kiosk, driver: bool = False) -> None:
    start(finger, kiosk, "en")
    do_checkin(finger, kiosk, driver=driver)


def test_back_keeps_answers(kiosk: Kiosk, finger: Finger) -> None:
    to_phq9(finger, kiosk)
    finger.answer(ItemType.single_choice, 2)
    assert kiosk.flow.session is not None and kiosk.flow.session.step.item_id == "q2"
    finger.tap(kiosk.window.question.back_button)
    widget = kiosk.window.question.input
    assert isinstance(widget, ChoiceInput)
    assert widget.button_for(2).isChecked() and not widget.button_for(1).isChecked()
    for _ in range(5):  # back through the check-in to the name
        finger.tap(kiosk.window.question.back_button)
    text = kiosk.window.question.input
    assert isinstance(text, TextInput)
    assert text.display.text() == "José Núñez|"


def test_mouse_clicks_work_too(kiosk: Kiosk, finger: Finger) -> None:
    finger.click(kiosk.window.attract)
    finger.click(kiosk.window.language.buttons["en"])
    finger.click(kiosk.window.question.next_button)  # past the check-in's intro
    assert kiosk.flow.session is not None and kiosk.flow.session.step.item_id == "legal_name"
    widget = kiosk.window.question.input
    assert isinstance(widget, TextInput)
    finger.click(widget.keyboard.keys["a"])
    assert widget.text == "A"


def test_skip_logic_shows_and_hides_the_driver_question(kiosk: Kiosk, finger: Finger) -> None:
    start(finger, kiosk, "en")
    finger.answer(ItemType.text, "Ana")
    finger.next()
    finger.answer(ItemType.date, "01011990")
    finger.answer(ItemType.phone, "5551234567")
    finger.answer(ItemType.yes_no, True)
    assert kiosk.window.question.question.text() == "Who is driving you home?"
    finger.tap(kiosk.window.question.back_button)
    finger.answer(ItemType.yes_no, False)
    assert kiosk.flow.session is not None
    assert kiosk.flow.session.step == Step("question", "phq9", "q1")
    assert kiosk.window.question.progress.label.text() == "PHQ-9 · question 1 of 10"


def test_critical_answer_shows_the_calm_note_once(kiosk: Kiosk, finger: Finger) -> None:
    to_phq9(finger, kiosk)
    for _ in range(8):
        finger.answer(ItemType.single_choice, 0)
    assert kiosk.window.current_screen() is kiosk.window.question
    finger.answer(ItemType.single_choice, 2)
    window = kiosk.window
    assert window.current_screen() is window.critical
    assert "check in with you" in window.critical.body.text()
    assert "988" in window.critical.extra.text()
    finger.tap(window.critical.button)
    assert kiosk.flow.session is not None and kiosk.flow.session.step.item_id == "difficulty"
    finger.tap(window.question.back_button)
    finger.answer(ItemType.single_choice, 3)  # still critical: no second note
    assert window.current_screen() is window.question
    assert kiosk.flow.session.step.item_id == "difficulty"


def test_auto_advance_can_be_off(kiosk: Kiosk, finger: Finger) -> None:
    kiosk.flow.auto_advance = False
    to_phq9(finger, kiosk)
    widget = kiosk.window.question.input
    assert isinstance(widget, ChoiceInput)
    finger.tap(widget.button_for(1))
    finger.qtbot.wait(50)
    assert kiosk.flow.session is not None and kiosk.flow.session.step.item_id == "q1"
    assert widget.button_for(1).isChecked()
    finger.next()
    assert kiosk.flow.session.step.item_id == "q2"


def finish_to_review(finger: Finger, kiosk: Kiosk, codes: list[int]) -> None:
    for code in codes:
        finger.answer(ItemType.single_choice, code)
        if kiosk.window.current_screen() is kiosk.window.critical:
            finger.tap(kiosk.window.critical.button)
    finger.next()  # difficulty (optional)
    finger.next()  # the safety form's intro
    finger.next()  # info
    finger.next()  # no medicines
    finger.answer(ItemType.number, "2")
    finger.answer(ItemType.time, ("0730", "AM"))


def test_changing_an_answer_on_review_rescores(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox) -> None:
    to_phq9(finger, kiosk)
    finish_to_review(finger, kiosk, [1] * 8 + [0])
    window = kiosk.window
    assert window.current_screen() is window.review
    session = kiosk.flow.session
    assert session is not None
    assert session.scores()["phq9"].scores["total"].value == 8
    row = window.review.rows[("phq9", "q3")]
    assert row.answer.text() == "Several days"
    window.review.scroll_area.ensureWidgetVisible(row)  # as a finger would scroll down to it
    finger.tap(row)
    assert session.step == Step("question", "phq9", "q3")
    finger.answer(ItemType.single_choice, 3)
    assert window.current_screen() is window.review  # straight back to the review
    assert window.review.rows[("phq9", "q3")].answer.text() == "Nearly every day"
    assert session.scores()["phq9"].scores["total"].value == 10
    assert session.scores()["phq9"].scores["total"].band == "moderate"
    finger.tap(window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    finger.answer(ItemType.signature, None)
    qtbot.waitUntil(lambda: len(outbox.submissions) == 1)
    total = outbox.submissions[0].responses["phq9"].scores["total"]
    assert (total.value, total.band) == (10, "moderate")
    assert outbox.submissions[0].flags == []


def test_the_next_choice_question_relabels_the_buttons_instead_of_building_new_ones(
    kiosk: Kiosk, finger: Finger,
) -> None:
    """Issue #16: every tap built and destroyed a screenful of widgets (most of the time from a
    tap to the next question drawn). PHQ-9 item 1 to item 2: the same buttons, new words,
    nothing chosen; the answer kept when coming back; a new kind of item gets a new input."""
    to_phq9(finger, kiosk)
    first = kiosk.window.question.input
    assert isinstance(first, ChoiceInput)
    buttons = [button for _code, button in first.buttons]
    finger.answer(ItemType.single_choice, 2)
    second = kiosk.window.question.input
    assert second is first and [button for _code, button in second.buttons] == buttons
    assert kiosk.window.question.question.text().startswith("Feeling down, depressed, or hopeless")
    assert not any(button.isChecked() for button in buttons)
    assert [b.label_text() for b in buttons] == [b.accessibleName() for b in buttons]
    finger.answer(ItemType.single_choice, 1)
    finger.tap(kiosk.window.question.back_button)
    assert kiosk.window.question.input is first and first.button_for(1).isChecked()
    assert not first.button_for(2).isChecked()
    seen = []
    while isinstance(kiosk.window.question.input, ChoiceInput):  # back through the check-in's choices
        finger.tap(kiosk.window.question.back_button)
        seen.append(kiosk.window.question.input)
    # any other choice item, even of fewer options (a yes/no), takes the same input on:
    # its own buttons show, the others hide, nothing of PHQ-9 is chosen
    choices = [widget for widget in seen if isinstance(widget, ChoiceInput)]
    assert choices and all(widget is first for widget in choices)
    assert kiosk.window.question.input is not first  # a new kind of item: a new input
