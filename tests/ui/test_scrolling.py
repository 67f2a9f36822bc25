"""Long screens scroll under a finger drag and a left-mouse drag; taps still choose; strokes still sign."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import FormDefinition, Item
from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TEXT_SCALES
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.scrolling import KineticScrollArea
from kiosk.ui.widgets.signature import SignatureInput
from tests.ui.finger import Finger
from tests.ui.screen_walk import bundled_kiosk, full_review, show_item  # noqa: F401 - bundled_kiosk is a fixture


def _largest_text(window: KioskWindow, qtbot: QtBot) -> None:
    window.top_bar.size_buttons[max(TEXT_SCALES, key=TEXT_SCALES.__getitem__)].click()
    qtbot.wait(20)


def _show_large(qtbot: QtBot, kiosk: Kiosk, form: FormDefinition, item: Item) -> KioskWindow:
    """``item`` in Spanish at the largest text size (the longest screens)."""
    window = kiosk.window
    _largest_text(window, qtbot)
    show_item(window, form, item, "es")
    qtbot.wait(20)
    return window


def _drags_scroll(qtbot: QtBot, finger: Finger, area: KineticScrollArea) -> None:
    """A finger drag, then a left-mouse drag, each scroll ``area`` from its top."""
    for drag in (finger.touch_drag, finger.mouse_drag):
        area.scroll_to_top()
        drag(area.viewport(), *_upward(area))
        qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 100, timeout=2000)


def _upward(area: KineticScrollArea) -> tuple[QPoint, QPoint]:
    viewport = area.viewport()
    x = viewport.width() // 2
    return QPoint(x, viewport.height() - 40), QPoint(x, 40)


def test_a_left_mouse_drag_scrolls_a_long_question_without_choosing(
    qtbot: QtBot, bundled_kiosk: Kiosk, library: FormLibrary,
) -> None:
    form = library.form("audit")
    window = _show_large(qtbot, bundled_kiosk, form, form.item("q6"))
    window.question.input.set_value(None)  # type: ignore[union-attr]
    area = window.question.scroll_area
    assert area.can_scroll(), "AUDIT q6 in Spanish at the largest size should need scrolling"
    start, end = _upward(area)
    Finger(qtbot, bundled_kiosk).mouse_drag(area.viewport(), start, end)
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 100, timeout=2000)
    choice = window.question.input
    assert isinstance(choice, ChoiceInput)
    assert not any(button.isChecked() for _code, button in choice.buttons), "a drag chose an answer"


def test_a_tap_still_chooses_on_a_screen_that_scrolls(qtbot: QtBot, bundled_kiosk: Kiosk, library: FormLibrary) -> None:
    form = library.form("safety")
    window = _show_large(qtbot, bundled_kiosk, form, form.item("medications"))
    choice = window.question.input
    assert isinstance(choice, ChoiceInput)
    choice.set_value(None)
    finger = Finger(qtbot, bundled_kiosk)
    none_of_these = choice.button_for("none")
    finger.tap(none_of_these)  # scrolled into view first, as a patient would
    assert window.question.scroll_area.verticalScrollBar().value() > 0
    assert none_of_these.isChecked()
    finger.click(choice.button_for("opioid"))  # a mouse click too
    assert choice.button_for("opioid").isChecked() and not none_of_these.isChecked()


def test_a_finger_or_mouse_drag_scrolls_the_review_and_the_consent_text(
    qtbot: QtBot, bundled_kiosk: Kiosk, library: FormLibrary,
) -> None:
    window = bundled_kiosk.window
    finger = Finger(qtbot, bundled_kiosk)
    window.review.show_review(full_review(library, "en"), "en")
    window.show_screen(window.review)
    qtbot.wait(20)
    _drags_scroll(qtbot, finger, window.review.scroll_area)
    consent = library.form("consent")
    _show_large(qtbot, bundled_kiosk, consent, next(item for item in consent.items if item.type.value == "info"))
    area = window.question.scroll_area
    assert area.verticalScrollBar().maximum() > 200, "the consent text at the largest size should need scrolling"
    _drags_scroll(qtbot, finger, area)


def test_a_stroke_on_the_signature_pad_signs_and_does_not_scroll(
    qtbot: QtBot, bundled_kiosk: Kiosk, library: FormLibrary,
) -> None:
    consent = library.form("consent")
    window = _show_large(qtbot, bundled_kiosk, consent, next(i for i in consent.items if i.type.value == "signature"))
    widget = window.question.input
    assert isinstance(widget, SignatureInput)
    finger = Finger(qtbot, bundled_kiosk)
    finger.bring_into_view(widget.pad)
    area = window.question.scroll_area
    before = area.verticalScrollBar().value()
    pad = widget.pad
    finger.mouse_drag(pad, QPoint(20, pad.height() - 20), QPoint(pad.width() - 20, 20))
    qtbot.wait(50)
    assert area.verticalScrollBar().value() == before, "signing scrolled the screen"
    assert not pad.is_empty()
