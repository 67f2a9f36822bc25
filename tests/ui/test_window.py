"""The kiosk window: refuses to close, text size and contrast switches, styles, submit outcomes."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TOUCH_MIN
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.store import StoreUnavailable
from tests.ui.conftest import Outbox
from tests.ui.finger import Finger
from tests.ui.test_navigation import finish_to_review, to_phq9


def test_close_is_refused_until_unlocked(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.close() is False and window.isVisible()
    event = QCloseEvent()  # what Alt+F4 or the window manager sends
    QCoreApplication.sendEvent(window, event)
    assert not event.isAccepted() and window.isVisible()
    window.unlock()
    assert window.close() is True


def test_text_size_and_contrast_switch_on_every_screen(kiosk: Kiosk, finger: Finger) -> None:
    window = kiosk.window
    assert not window.top_bar.isVisible()  # over the slides any tap starts a visit
    finger.tap(window.attract)
    assert window.top_bar.isVisible()
    assert "#2a7a5a" in window.styleSheet()  # the clinic's accent colour from settings
    finger.tap(window.top_bar.size_buttons["A++"])
    assert "font-size: 30pt" in window.styleSheet()
    finger.tap(window.language.buttons["en"])
    finger.tap(window.top_bar.contrast)
    assert "#ffd400" in window.styleSheet() and "#2a7a5a" not in window.styleSheet()
    finger.tap(window.top_bar.size_buttons["A"])
    assert "font-size: 20pt" in window.styleSheet()


def test_choice_buttons_are_finger_sized_and_full_width(kiosk: Kiosk, finger: Finger) -> None:
    to_phq9(finger, kiosk)
    widget = kiosk.window.question.input
    assert isinstance(widget, ChoiceInput)
    for _code, button in widget.buttons:
        assert button.height() >= max(60, TOUCH_MIN)
        assert button.width() >= widget.width() - 2
    screen = kiosk.window.question
    assert screen.back_button.isVisible() and screen.back_button.height() >= 60


def test_submit_runs_off_the_ui_thread(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox) -> None:
    to_phq9(finger, kiosk)
    finish_to_review(finger, kiosk, [0] * 9)
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    with qtbot.waitSignal(kiosk.flow.submitted) as outcome:
        finger.answer(ItemType.signature, None)
    assert outcome.args == ["stored"]
    assert outbox.threads and outbox.threads[0] != threading.get_ident()


def test_store_unavailable_still_thanks_the_patient_and_tells_staff(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox) -> None:
    outbox.error = StoreUnavailable("the database refused", spooled=True)
    to_phq9(finger, kiosk)
    finish_to_review(finger, kiosk, [0] * 9)
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    with qtbot.waitSignal(kiosk.flow.submitted) as outcome:
        finger.answer(ItemType.signature, None)
    assert outcome.args == ["spooled"]
    window = kiosk.window
    assert window.thank_you.title.text() == "Thank you!"
    assert window.staff_notice.isVisible() and "offline" in window.staff_notice.text()


def test_a_visit_that_could_not_be_spooled_sends_the_patient_to_the_desk(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox) -> None:
    outbox.error = StoreUnavailable("the database refused; the spool could not be written either", spooled=False)
    to_phq9(finger, kiosk)
    finish_to_review(finger, kiosk, [0] * 9)
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    with qtbot.waitSignal(kiosk.flow.submitted) as outcome:
        finger.answer(ItemType.signature, None)
    assert outcome.args == ["failed"]
    assert kiosk.window.thank_you.title.text() == "Please see the front desk"


def test_a_failure_shows_no_stack_trace(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox) -> None:
    outbox.error = RuntimeError("Traceback (most recent call last): boom")
    to_phq9(finger, kiosk)
    finish_to_review(finger, kiosk, [0] * 9)
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    with qtbot.waitSignal(kiosk.flow.submitted) as outcome:
        finger.answer(ItemType.signature, None)
    assert outcome.args == ["failed"]
    card = kiosk.window.thank_you
    assert card.title.text() == "Please see the front desk"
    assert "Traceback" not in card.body.text() and "boom" not in card.body.text()


def test_the_slide_show_is_the_attract_loop(qtbot: QtBot, settings, visit_library, outbox: Outbox) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_kiosk, make_attract
    from kiosk.ui.widgets.slideshow import SlideShow

    attract, problem = make_attract(settings)
    assert problem is None and isinstance(attract, SlideShow)
    kiosk = build_kiosk(settings, visit_library, outbox, attract=attract)
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    assert attract.is_running and "Sunrise Clinic" in "".join(s.title for s in attract.deck.slides)
    assert attract.deck.language == "en"
    attract.show_slide(0)  # the loop came round: the other language's deck
    assert attract.deck.language == "es" and attract.prompt_text.startswith("Toque")
    attract.show_slide(3)
    attract.show_slide(0)
    assert attract.deck.language == "en"
    Finger(qtbot, kiosk).tap(attract)
    assert kiosk.window.current_screen() is kiosk.window.language
    assert not attract.is_running  # no fading behind the questions
    Finger(qtbot, kiosk).tap(kiosk.window.language.back_button)
    assert kiosk.window.current_screen() is attract and attract.is_running
    kiosk.flow.idle.stop()
    kiosk.window.unlock()


def test_thank_you_returns_to_the_slides_by_itself(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox) -> None:
    kiosk.flow.thank_you_timer.setInterval(100)
    to_phq9(finger, kiosk)
    finish_to_review(finger, kiosk, [0] * 9)
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    finger.answer(ItemType.signature, None)
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.thank_you and kiosk.window.thank_you.button.isVisible())
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.attract, timeout=3000)
    assert len(outbox.submissions) == 1
