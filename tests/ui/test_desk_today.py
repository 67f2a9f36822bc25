"""The desk's Today tab over a real store: tapped open, it shows the day's counts and follows a review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.staff.service import StaffMember
from kiosk.store import Store
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from tests.care.day_seed import make_visit, seed_sessions, trail
from tests.ui.test_desk import DONE, add, member, settings, store, window  # noqa: F401 - fixtures reused


def tap_tab(qtbot: Any, win: DeskWindow, title: str) -> None:
    tabs = win.centralWidget()
    assert isinstance(tabs, QTabWidget)
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def card_values(win: DeskWindow) -> dict[tuple[str, str], str]:
    """(card title, item) → value, as the labels on screen show them."""
    assert win.today is not None
    shown: dict[tuple[str, str], str] = {}
    for card in win.today.findChildren(QLabel, "TodayCardTitle"):
        grid = card.parentWidget().layout()
        for row in range(1, grid.rowCount()):
            item, value = grid.itemAtPosition(row, 0), grid.itemAtPosition(row, 1)
            if item is not None and value is not None:
                shown[(card.text(), item.widget().text())] = value.widget().text()
    return shown


def test_today_tab_shows_counts_and_follows_a_review(qtbot: Any, store: Store, library: FormLibrary,
                                                     window: DeskWindow) -> None:
    add(store, library, "Calm Visitor", 30)
    add(store, library, "Urgent Visitor", 10, total=5, q9=1)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=3000)
    tap_tab(qtbot, window, "Today")
    today = window.today
    assert today is not None
    qtbot.waitUntil(lambda: today.report is not None and today.report.visits == 2, timeout=5000)
    qtbot.waitUntil(lambda: ("Critical flags", "not reviewed yet") in card_values(window), timeout=3000)
    shown = card_values(window)
    assert shown[("Visits", "total")] == "2" and shown[("Visits", "not reviewed yet")] == "2"
    assert shown[("Critical flags", "visits")] == "1" and shown[("Critical flags", "not reviewed yet")] == "1"
    assert shown[("Flags by category", "crisis")] == "1"
    texts = " ".join(label.text() for label in today.findChildren(QLabel))
    assert "Urgent" not in texts and "Calm" not in texts  # counts only

    tap_tab(qtbot, window, "Queue")
    window.table.selectRow(0)  # the critical visit is first
    qtbot.waitUntil(lambda: window.buttons["Mark reviewed"].isEnabled(), timeout=3000)
    qtbot.mouseClick(window.buttons["Mark reviewed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.index(0, DONE).data().startswith("Reviewed"), timeout=3000)
    tap_tab(qtbot, window, "Today")
    qtbot.waitUntil(lambda: today.report is not None and today.report.unreviewed_critical == 0, timeout=5000)
    assert today.report is not None
    assert today.report.review_median_minutes is not None and 10 <= today.report.review_median_minutes < 12
    qtbot.waitUntil(lambda: card_values(window).get(("Critical flags", "not reviewed yet")) == "0", timeout=3000)


@pytest.mark.parametrize(("language", "kind", "screen"), [
    ("en", "Infusion session", "PHQ-9 · question 9"),
    ("es", "Sesión de infusión", "PHQ-9 · pregunta 9"),
])
def test_today_tab_names_types_and_screens_in_the_desk_language(
        qtbot: Any, store: Store, library: FormLibrary, member: StaffMember, settings: Settings,
        language: str, kind: str, screen: str) -> None:
    """Not ``infusion`` or ``phq9/q9``: the words of the forms and protocols, in the desk's language."""
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    store.add(make_visit(library, now, "infusion"))
    seed_sessions(store, [trail("timeout", "phq9/q9", 120, (("phq9/q9", 60),), day=dt.date.today())])
    desk_settings = settings.model_copy(update={"desk_language": language})
    win = DeskWindow(StoreDeskActions(store, library, desk_settings, member), library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.start()
    tap_tab(qtbot, win, "Today")
    qtbot.waitUntil(lambda: ("Visits by type", kind) in card_values(win), timeout=5000)
    shown = card_values(win)
    assert shown[("Visits by type", kind)] == "1"
    assert shown[("Gave up at", screen)] == "1" and shown[("Mean seconds per screen", screen)] == "60"
    assert ("Visits by type", "infusion") not in shown
    assert "phq9/q9" not in " ".join(label.text() for label in win.findChildren(QLabel))
