"""The front-desk PC's screens as a screen reader, a ruler and a contrast checker find them.

The desk may be a touch screen too, so the issue's rules hold there as on the kiosk: every
focusable or clickable widget — and every History chart, which a screen reader cannot see —
has a name (charts a description with the values in order), every target is at least 48×48 px
and 8 px from the next, and every text meets WCAG AA. Checked on a real store with a patient
of twelve visits, on the queue, the Visit and History tabs, the Today tab, after an export and
on the PIN sign-in, at the desk's window size (1280×800) and on a full-HD desk monitor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView, QTabBar, QTableView, QWidget

from kiosk.forms import FormLibrary
from kiosk.report.wording import local_time
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffMember, StaffService
from kiosk.store import Store
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from kiosk.ui.sizes import TARGET_MIN
from kiosk.ui.staff.sign_in import SignInPanel
from kiosk.ui.theme import build_stylesheet, clinic_theme, desk_stylesheet
from tests.care.visits import GAD7, PHQ9
from tests.ui.a11y_audit import describe, is_large, name_problems
from tests.ui.test_contrast import grab, text_problems
from tests.ui.test_desk import member, settings, store  # noqa: F401 - a real store, Ana signed in
from tests.ui.test_desk_history import SCORED, _open_history, series  # noqa: F401 - twelve visits
from tests.ui.test_desk_today import tap_tab
from tests.ui.test_target_sizes import target_problems

SIZES = [(1280, 800), (1920, 1080)]
"""The size ``kiosk desk`` opens its window at, and a full-HD desk monitor with it maximised."""


def _aa(widget: QWidget) -> float:
    return 3.0 if is_large(widget) else 4.5


def desk_window(qtbot: Any, store: Store, library: FormLibrary, settings: Settings, member: StaffMember,
                size: tuple[int, int]) -> DeskWindow:
    """The window as ``kiosk desk`` opens it: mouse-sized (touch=False), the desk stylesheet."""
    win = DeskWindow(StoreDeskActions(store, library, settings, member), library, touch=False)
    win.setStyleSheet(desk_stylesheet(clinic_theme(settings.accent_color)))
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    return win


def chart_problems(screen: str, roots: list[QWidget]) -> list[str]:
    """Drawn charts (QtCharts views) a screen reader could not describe."""
    problems = []
    for root in roots:
        for view in root.findChildren(QGraphicsView):
            if view.isVisible() and not (view.accessibleName().strip() and view.accessibleDescription().strip()):
                problems.append(f"{screen}: chart {describe(view)} has no accessible name and description")
    return problems


def tab_and_row_problems(screen: str, window: QWidget) -> list[str]:
    """Tabs and table rows are clicked (or tapped) too, though they are not widgets of their own."""
    problems = []
    for bar in window.findChildren(QTabBar):
        for n in range(bar.count() if bar.isVisible() else 0):
            rect = bar.tabRect(n)
            if rect.width() < TARGET_MIN or rect.height() < TARGET_MIN:
                problems.append(f"{screen}: tab {bar.tabText(n)!r} is {rect.width()}x{rect.height()} px")
    for table in window.findChildren(QTableView):
        for row in range(table.model().rowCount() if table.isVisible() else 0):
            if table.rowHeight(row) < TARGET_MIN:
                problems.append(f"{screen}: {describe(table)} row {row} is {table.rowHeight(row)} px high")
    return problems


def walk_desk(qtbot: Any, window: DeskWindow, check: Callable[[str], None]) -> None:
    """Queue with a visit selected, its History tab, the Today tab, and the line after an export."""
    _open_history(qtbot, window)
    qtbot.waitUntil(lambda: len(window.detail.history.charts) == len(SCORED), timeout=8000)
    qtbot.wait(1)
    check("queue and History tab")
    bar = window.detail.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    qtbot.waitUntil(lambda: window.buttons["Export PDF"].isEnabled(), timeout=3000)
    qtbot.mouseClick(window.buttons["Export PDF"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.message.text().startswith("Exported to"), timeout=8000)
    check("queue, Visit tab, after an export")
    tap_tab(qtbot, window, "Today")
    assert window.today is not None
    qtbot.waitUntil(lambda: window.today is not None and window.today.report is not None, timeout=8000)
    qtbot.wait(1)
    check("Today tab")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_desk_control_and_chart_is_named(qtbot: Any, store: Store, library: FormLibrary, settings: Settings,
                                              member: StaffMember, series: Any, size: tuple[int, int]) -> None:
    window = desk_window(qtbot, store, library, settings, member, size)
    problems: list[str] = []

    def check(screen: str) -> None:
        problems.extend(name_problems(screen, [window], "en") + chart_problems(screen, [window]))

    walk_desk(qtbot, window, check)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_desk_target_is_a_finger_wide_and_apart(qtbot: Any, store: Store, library: FormLibrary,
                                                     settings: Settings, member: StaffMember, series: Any,
                                                     size: tuple[int, int]) -> None:
    window = desk_window(qtbot, store, library, settings, member, size)
    problems: list[str] = []
    walk_desk(qtbot, window, lambda screen: problems.extend(
        target_problems(screen, window, [window]) + tab_and_row_problems(screen, window)))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_desk_text_meets_wcag_contrast(qtbot: Any, store: Store, library: FormLibrary, settings: Settings,
                                            member: StaffMember, series: Any, size: tuple[int, int]) -> None:
    window = desk_window(qtbot, store, library, settings, member, size)
    problems: list[str] = []
    walk_desk(qtbot, window, lambda screen: problems.extend(text_problems(screen, window, grab(window), _aa)))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(1000, 680), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_desk_sign_in_meets_targets_and_contrast(qtbot: Any, store: Store, settings: Settings,
                                                    size: tuple[int, int]) -> None:
    """The PIN sign-in as ``kiosk desk`` opens it (1000×680), and at 1280×800."""
    staff = StaffService(store, PinHasher(store.pepper()), source="desk")
    staff.add("Ana Díaz", "482913")
    staff.add("Bartholomew Featherstonehaugh-Ramírez", "593017")
    panel = SignInPanel(staff)
    panel.setStyleSheet(build_stylesheet(clinic_theme(settings.accent_color)))
    qtbot.addWidget(panel)
    panel.reload()
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.names.setCurrentRow(0)
    qtbot.wait(1)
    problems = target_problems("desk sign-in", panel, [panel])
    problems += text_problems("desk sign-in", panel, grab(panel), _aa)
    assert not problems, "\n".join(problems)


def test_a_history_chart_says_its_values_in_order_with_dates(
        qtbot: Any, store: Store, library: FormLibrary, settings: Settings, member: StaffMember, series: Any) -> None:
    visits, _typo = series
    window = desk_window(qtbot, store, library, settings, member, SIZES[0])
    _open_history(qtbot, window)
    history = window.detail.history
    qtbot.waitUntil(lambda: len(history.charts) == len(SCORED), timeout=8000)
    phq9 = history.chart("phq9.total")
    assert phq9.accessibleName() == "PHQ-9 chart, 12 visits"
    said = phq9.accessibleDescription()
    at = 0
    for visit, value in zip(visits, PHQ9):
        words = f"{value} on {local_time(visit.created_at):%d %b %Y}"
        found = said.find(words, at)
        assert found >= at, f"{words!r} missing or out of order in {said!r}"
        at = found + len(words)
    assert "12 visit(s)" in said and f"Latest band: {_band(library, PHQ9[-1])}." in said
    assert "RESPONSE" in said and "REMISSION" in said
    gad7 = history.chart("gad7.total").accessibleDescription()
    assert gad7.startswith("GAD-7") and f"latest {GAD7[-1]}" in gad7 and "RESPONSE" not in gad7
    assert "Núñez" not in said and "1980" not in said  # values and dates of visits, not the patient


def _band(library: FormLibrary, total: int) -> str:
    rule = next(r for r in library.forms["phq9"].scores if r.id == "total")
    return next(b.label.en for b in rule.bands if b.min <= total <= b.max)
