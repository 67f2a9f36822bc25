"""Every tappable target on every screen, at 1280x800 and text sizes A, A+ and A++: at least
48x48 px, and at least 8 px from any other target (kiosk/ui/sizes.py TARGET_MIN, TARGET_GAP)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TARGET_GAP, TARGET_MIN
from tests.ui.a11y_audit import describe, gap, targets
from tests.ui.screen_walk import full_review, intro_item, show_item
from tests.ui.staff_kiosk import PIN, staff_kiosk, store  # noqa: F401 - fixtures
from tests.ui.test_staff_mode import enter_pin


def target_problems(screen: str, window: QWidget, roots: list[QWidget]) -> list[str]:
    """Targets smaller than TARGET_MIN, or closer than TARGET_GAP to another, on ``screen``."""
    problems = []
    found = []
    for widget in targets(roots):
        if widget.width() < TARGET_MIN or widget.height() < TARGET_MIN:
            problems.append(f"{screen}: {describe(widget)} is {widget.width()}x{widget.height()} px")
        # what shows of it: a button half scrolled away is cut at the edge of its scroll area
        shown = widget.visibleRegion().boundingRect()
        if not shown.isEmpty():
            found.append((widget, QRect(widget.mapTo(window, shown.topLeft()), shown.size())))
    for n, (first, a) in enumerate(found):
        for second, b in found[n + 1:]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            if gap(a, b) < TARGET_GAP:
                problems.append(f"{screen}: {describe(first)} and {describe(second)} are {gap(a, b)} px apart")
    return problems


def walk(qtbot: QtBot, kiosk: Kiosk, library: FormLibrary, language: str) -> list[str]:
    """Every item of every form, the language choice, review, notes and cards."""
    window = kiosk.window
    problems: list[str] = []

    def check(screen: str) -> None:
        qtbot.wait(1)
        nonlocal problems
        problems += target_problems(screen, window, window.active())

    kiosk.flow.start()
    check("language choice")
    for form in library.forms.values():
        for item in [intro_item(form), *form.items]:
            show_item(window, form, item, language)
            check(f"{form.id}.{item.id}")
    window.review.show_review(full_review(library, language), language)
    window.show_screen(window.review)
    check("review")
    window.critical.show_note(language)
    window.show_screen(window.critical)
    check("critical note")
    window.confirm_overlay.ask(language)
    check("start over card")
    window.confirm_overlay.hide()
    kiosk.flow._warn(20)
    check("are you still there card")
    kiosk.flow.stay()
    return problems


@pytest.mark.parametrize("size", ["A", "A+", "A++"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_target_is_a_finger_wide_and_apart(
    qtbot: QtBot, kiosk: Kiosk, visit_library: FormLibrary, size: str, language: str,
) -> None:
    window = kiosk.window
    assert (window.width(), window.height()) == (1280, 800)
    window.set_text_size(size)
    problems = walk(qtbot, kiosk, visit_library, language)
    assert not problems, f"{len(problems)} at {size}:\n" + "\n".join(problems[:40])


def test_staff_sign_in_targets_are_a_finger_wide_and_apart(qtbot: QtBot, staff_kiosk: Kiosk) -> None:
    """Staff screens have one size: opening staff mode wipes the visit, its text size with it."""
    window = staff_kiosk.window
    assert staff_kiosk.staff is not None
    staff_kiosk.staff.open()
    assert window.text_size == "A"
    qtbot.wait(1)
    problems = target_problems("staff sign-in", window, window.active())
    enter_pin(qtbot, staff_kiosk, PIN)
    qtbot.waitUntil(lambda: staff_kiosk.staff is not None and staff_kiosk.staff.screen.desk is not None)
    qtbot.wait(1)
    problems += target_problems("staff queue", window, window.active())
    assert not problems, "\n".join(problems[:40])
