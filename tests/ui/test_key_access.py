"""Keyboard and single-switch access: key events only (no taps, no method calls on widgets)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import ItemType
from kiosk.forms.signature_mark import SIGNED_WITH_MARK, signed_with_mark
from kiosk.intake import AnsweredVisit
from kiosk.intake.submission import Submission
from kiosk.settings import Settings
from kiosk.ui.app import Kiosk
from kiosk.ui.desk.detail_view import submission_html
from kiosk.ui.widgets.choice import ChoiceInput
from tests.ui.conftest import Outbox, shown_kiosk
from tests.ui.switch import Switch


def focus_after(qtbot: QtBot, window: QWidget, key: Qt.Key, times: int, modifier: Qt.KeyboardModifier =
                Qt.KeyboardModifier.NoModifier) -> list[QWidget | None]:
    """The focused widget after each of ``times`` presses of ``key``."""
    seen = []
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
        seen.append(QApplication.focusWidget())
    return seen


def wake_and_tab_to(qtbot: QtBot, kiosk: Kiosk, target: QWidget) -> None:
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Space)  # a key on the slides starts a check-in
    assert kiosk.window.current_screen() is kiosk.window.language
    for _ in range(12):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget() or kiosk.window, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the scan mode button")


def test_tab_goes_to_the_answers_then_back_next_and_the_top_bar(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    wake_and_tab_to(qtbot, kiosk, window.language.buttons["en"])
    qtbot.keyClick(window.language.buttons["en"], Qt.Key.Key_Return)  # Enter activates the focused button
    session = kiosk.flow.session
    assert session is not None and session.language == "en"
    session.go_to("phq9", "q1")  # straight to a question of choices, as staff testing it would
    assert isinstance(window.question.input, ChoiceInput)
    choices = [button for _code, button in window.question.input.buttons]
    # the text sizes, one choice of four, are one stop as well
    top = [window.top_bar.size_buttons["A"], window.top_bar.contrast, window.top_bar.start_over_button]
    # one choice among several is one Tab stop, as a radio group is (WAI-ARIA): the arrows move in it
    order = [choices[0], window.question.back_button, window.question.next_button, *top]
    seen = focus_after(qtbot, window, Qt.Key.Key_Tab, len(order))
    assert seen == order
    back = focus_after(qtbot, window, Qt.Key.Key_Backtab, len(order) - 1, Qt.KeyboardModifier.ShiftModifier)
    assert back == list(reversed(order[:-1]))
    assert focus_after(qtbot, window, Qt.Key.Key_Down, len(choices) - 1) == choices[1:]
    assert focus_after(qtbot, window, Qt.Key.Key_Up, len(choices) - 2) == list(reversed(choices[1:-1]))
    step = session.step
    qtbot.keyClick(choices[1], Qt.Key.Key_Space)  # Space chooses the focused answer
    qtbot.waitUntil(lambda: session.step != step)
    assert session.answers[step.form_id]
    qtbot.waitUntil(lambda: window.question.input is not None)
    backs: list[bool] = []
    window.question.back_tapped.connect(lambda: backs.append(True))
    shown = session.step
    window.question.back_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window.question.back_button, Qt.Key.Key_Enter)  # Enter activates the focused Back
    assert backs == [True] and session.step != shown


def test_a_switch_user_turns_on_scanning_and_completes_a_visit(qtbot: QtBot, kiosk: Kiosk, outbox: Outbox,
                                                               visit_library: FormLibrary) -> None:
    language = "en"  # the clinic's switch device below runs the visit in Spanish
    window = kiosk.window
    wake_and_tab_to(qtbot, kiosk, window.language.scan_button)
    qtbot.keyClick(window.language.scan_button, Qt.Key.Key_Space)
    assert window.keys.scanning
    switch = Switch(qtbot, kiosk)
    switch.choose(window.language.buttons[language])
    session = kiosk.flow.session
    assert session is not None and session.language == language
    first = session.step
    switch.choose(window.question.next_button)  # the check-in's intro
    assert session.step != first
    switch.hold_space()  # a long press goes back
    assert session.step == first
    switch.answer_visit()
    qtbot.waitUntil(lambda: len(outbox.submissions) == 1)
    signed_with_a_mark(outbox.submissions[0], visit_library)
    qtbot.waitUntil(lambda: window.thank_you.button.isVisible())
    switch.choose(window.thank_you.button)
    assert window.current_screen() is window.attract
    assert not window.keys.scanning, "scan mode lasts one visit: the next patient starts without it"


def signed_with_a_mark(submission: Submission, library: FormLibrary) -> None:
    """The consent the switch signed (Enter draws an X) is recorded as a mark, and the desk's
    detail asks staff to witness it."""
    signatures = [response.answers[item.id] for form_id, response in submission.responses.items()
                  for item in library.forms[form_id].items
                  if item.type is ItemType.signature and item.id in response.answers]
    assert signatures and all(signed_with_mark(value) for value in signatures)
    assert SIGNED_WITH_MARK["en"] in submission_html(AnsweredVisit(submission, library))


@pytest.fixture
def switch_kiosk(qtbot: QtBot, settings: Settings, visit_library: FormLibrary, outbox: Outbox) -> Iterator[Kiosk]:
    yield from shown_kiosk(qtbot, settings.model_copy(update={"switch_access": True}), visit_library, outbox)


def test_a_clinic_with_a_switch_device_scans_every_visit(qtbot: QtBot, switch_kiosk: Kiosk, outbox: Outbox) -> None:
    window = switch_kiosk.window
    switch = Switch(qtbot, switch_kiosk)
    switch.key(Qt.Key.Key_Space)  # the switch wakes the slides
    assert window.keys.scanning and window.language.scan_button.isChecked()
    switch.choose(window.language.buttons["es"])
    switch.answer_visit()
    qtbot.waitUntil(lambda: len(outbox.submissions) == 1)
    submission = outbox.submissions[0]
    assert submission.language == "es"
    qtbot.waitUntil(lambda: window.thank_you.button.isVisible())
    switch.choose(window.thank_you.button)
    assert window.current_screen() is window.attract and window.keys.scanning


def test_tab_on_the_review_goes_through_the_answers_then_back_and_on(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    kiosk.flow.start()
    kiosk.flow.choose_language("en")
    session = kiosk.flow.session
    assert session is not None
    window.review.show_review(session.review(), "en")
    window.show_screen(window.review)
    all_rows = list(window.review.rows.values())
    all_rows[0].setFocus(Qt.FocusReason.TabFocusReason)
    seen = focus_after(qtbot, window, Qt.Key.Key_Tab, len(all_rows) + 1)
    assert seen == [*all_rows[1:], window.review.back_button, window.review.ok_button]
    before = session.step
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is all_rows[-1]
    qtbot.keyClick(all_rows[-1], Qt.Key.Key_Return)  # Enter on a row: change that answer
    assert session.step != before and session.step.kind == "question"


def test_a_lone_switch_turns_scanning_on_by_a_long_press_on_the_language_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    switch = Switch(qtbot, kiosk)
    switch.key(Qt.Key.Key_Space)  # wakes the slides
    assert window.current_screen() is window.language and not window.keys.scanning
    switch.hold_space()
    assert window.keys.scanning and window.language.scan_button.isChecked()
    switch.choose(window.language.buttons["es"])
    session = kiosk.flow.session
    assert session is not None and session.language == "es"
    kiosk.flow.wipe()
    assert not window.keys.scanning
