"""WCAG 2.x contrast of every text on the kiosk's screens, measured in the pixels the window painted.

Normal theme: 4.5:1, or 3:1 for large text (18 pt, or 14 pt bold); high-contrast theme:
7:1 (AAA) for all text. The focus ring: 3:1 against the screen around it. Each screen is
set up with a chosen answer, a focused one, a disabled button and an error line showing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.sizes import TEXT_SCALES
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.pad_entry import PadInput
from tests.ui.staff_kiosk import PIN, staff_kiosk, store  # noqa: F401 - fixtures
from tests.ui.test_staff_mode import enter_pin
from tests.ui.a11y_audit import contrast, describe, is_large, text_and_ground, text_rect, texts, wholly_shown

Scene = Callable[[Kiosk], None]


def _question(form_id: str, item_id: str) -> Scene:
    def show(kiosk: Kiosk) -> None:
        session = kiosk.flow.session
        assert session is not None
        session.go_to(form_id, item_id)
        widget = kiosk.window.question.input
        if isinstance(widget, ChoiceInput):
            widget.buttons[0][1].setChecked(True)  # the selected choice
            focused = widget.buttons[-1][1]
            kiosk.window.question.scroll_area.ensureWidgetVisible(focused)
            focused.setFocus(Qt.FocusReason.TabFocusReason)  # and a focused one
        kiosk.window.question.next_button.setEnabled(False)  # a disabled button's words
    return show


def _error(kiosk: Kiosk) -> None:
    session = kiosk.flow.session
    assert session is not None
    session.go_to("checkin", "dob")
    widget = kiosk.window.question.input
    assert isinstance(widget, PadInput)
    for key in "13452001":
        widget.press(key)
    kiosk.flow.next()  # "that date does not exist" shows under the question
    assert kiosk.window.question.error.isVisible()


def _review(kiosk: Kiosk) -> None:
    window, session = kiosk.window, kiosk.flow.session
    assert session is not None
    window.review.show_review(session.review(), session.language)
    window.show_screen(window.review)
    window.review.ok_button.setFocus(Qt.FocusReason.TabFocusReason)


def _language(kiosk: Kiosk) -> None:
    kiosk.window.show_screen(kiosk.window.language)
    kiosk.window.language.scan_button.setChecked(True)
    kiosk.window.language.buttons["es"].setFocus(Qt.FocusReason.TabFocusReason)


def _critical(kiosk: Kiosk) -> None:
    critical = kiosk.window.critical
    critical.show_note("es")
    kiosk.window.show_screen(critical)
    critical.scroll_area.ensureWidgetVisible(critical.button)
    critical.button.setFocus(Qt.FocusReason.TabFocusReason)


SCENES: dict[str, Scene] = {
    "language choice": _language,
    "single choice": _question("phq9", "q1"),
    "multiple choice": _question("safety", "meds"),
    "keyboard": _question("checkin", "legal_name"),
    "time": _question("safety", "last_food"),
    "error line": _error,
    "review": _review,
    "critical note": _critical,
    "start over card": lambda kiosk: kiosk.window.confirm_overlay.ask("es"),
}


def grab(window: QWidget) -> QImage:
    QApplication.processEvents()
    return window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def text_problems(scene: str, window: QWidget, image: QImage, least: Callable[[QWidget], float],
                  roots: list[QWidget] | None = None) -> list[str]:
    """Texts under ``roots`` (default: what the kiosk window shows now) below ``least``'s ratio."""
    shown = roots if roots is not None else window.active() if isinstance(window, KioskWindow) else [window]
    problems = []
    for widget in texts(shown):
        measured = text_and_ground(image, text_rect(widget, window))
        if measured is None:
            continue  # scrolled out of sight
        ink, ground = measured
        ratio, need = contrast(ink, ground), least(widget)
        if ratio < need:
            problems.append(f"{scene}: {describe(widget)} #{ink:06x} on #{ground:06x} is {ratio:.2f}:1, needs {need}")
    return problems


def ring_problems(scene: str, window: KioskWindow, image: QImage) -> list[str]:
    """The focus ring (left edge, half-way down) against the screen just outside it."""
    focus = QApplication.focusWidget()
    if not isinstance(focus, QAbstractButton):
        return []  # an entry (the caret is its sign) or nothing
    if not wholly_shown(focus):
        return [f"{scene}: the focused {describe(focus)} is out of sight"]
    at = focus.mapTo(window, focus.rect().topLeft())
    middle = at.y() + focus.height() // 2
    ring = image.pixel(at.x() + 1, middle) & 0xFFFFFF
    outside = image.pixel(at.x() - 3, middle) & 0xFFFFFF
    ratio = contrast(ring, outside)
    if ratio < 3:
        return [f"{scene}: focus ring of {describe(focus)} #{ring:06x} against #{outside:06x} is {ratio:.2f}:1"]
    return []


@pytest.mark.parametrize("size", list(TEXT_SCALES))
@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_every_text_meets_wcag_contrast(qtbot: QtBot, kiosk: Kiosk, size: str, high_contrast: bool) -> None:
    window = kiosk.window
    kiosk.flow.start()
    kiosk.flow.choose_language("es")
    window.set_text_size(size)
    window.set_high_contrast(high_contrast)

    def least(widget: QWidget) -> float:
        return 7.0 if high_contrast else (3.0 if is_large(widget) else 4.5)

    problems: list[str] = []
    for scene, show in SCENES.items():
        show(kiosk)
        qtbot.wait(1)
        image = grab(window)
        problems += text_problems(scene, window, image, least) + ring_problems(scene, window, image)
        window.confirm_overlay.hide()
    assert not problems, "\n".join(problems)


def test_the_measure_sees_a_failing_colour(qtbot: QtBot, kiosk: Kiosk) -> None:
    """The check can fail: pale grey words on white are caught (and measured as painted)."""
    window = kiosk.window
    kiosk.flow.start()
    window.language.back_button.setStyleSheet("color: #c9d3da; background: #ffffff;")
    window.show_screen(window.language)
    qtbot.wait(1)
    problems = text_problems("test", window, grab(window), lambda _w: 4.5)
    assert any("#c9d3da on #ffffff" in p for p in problems), problems


def test_staff_screens_on_the_kiosk_meet_wcag_contrast(qtbot: QtBot, staff_kiosk: Kiosk) -> None:
    """The PIN pad and the queue (its search fields' placeholders too), in the clinic's colours
    (opening staff mode wipes the visit, high contrast with it)."""
    window = staff_kiosk.window
    assert staff_kiosk.staff is not None
    staff_kiosk.staff.open()
    assert not window.high_contrast

    def least(widget: QWidget) -> float:
        return 3.0 if is_large(widget) else 4.5

    qtbot.wait(1)
    problems = text_problems("staff sign-in", window, grab(window), least)
    enter_pin(qtbot, staff_kiosk, PIN)
    qtbot.waitUntil(lambda: staff_kiosk.staff is not None and staff_kiosk.staff.screen.desk is not None)
    qtbot.wait(1)
    problems += text_problems("staff queue", window, grab(window), least)
    assert not problems, "\n".join(problems)
