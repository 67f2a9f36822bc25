"""The desk's History tab over a real store: a patient with 12 visits gets one chart per score
with the right points and infusion markers, and staff link a misspelt visit by hand (audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.staff.service import StaffMember
from kiosk.store import Store
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from tests.care.visits import GAD7, PHQ9, infusion_series, series_visit
from tests.staff.conftest import audit_actions
from tests.ui.test_desk import member, settings, store  # noqa: F401 - the desk tests' fixtures: a real store, Ana signed in

TODAY = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=3)


@pytest.fixture
def series(store: Store, library: FormLibrary) -> tuple[list[Any], Any]:
    """Eleven weekly visits before today's, and one visit of hers typed as another name."""
    visits = infusion_series(library)
    today = series_visit(library, 0, PHQ9[-1], GAD7[-1], infusion=False)
    shift = TODAY - today.created_at
    visits = [v.model_copy(update={"created_at": v.created_at + shift - dt.timedelta(days=77)}) for v in visits[:-1]]
    visits.append(today.model_copy(update={"created_at": TODAY}))
    typo = series_visit(library, 0, 9, 7, name="Marie Josée Nunes")
    typo = typo.model_copy(update={"created_at": TODAY - dt.timedelta(days=30)})
    store.add_many([*visits, typo])
    return visits, typo


@pytest.fixture
def window(qtbot: Any, store: Store, library: FormLibrary, member: StaffMember, settings: Settings) -> DeskWindow:
    win = DeskWindow(StoreDeskActions(store, library, settings, member), library)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.start()
    return win


def _open_history(qtbot: Any, window: DeskWindow, store: Store | None = None) -> None:
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    row = window.table.visualRect(window.model.index(0, 1)).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.waitUntil(lambda: "María José Núñez" in window.detail.toPlainText(), timeout=5000)
    if store is not None:  # a history nobody opened is neither read nor audited
        assert not [a for _, a in audit_actions(store) if a == "history.view"]
    tabs = window.detail.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    assert window.detail.currentWidget() is window.detail.history


# every score of the series' visits, in the order of the forms
SCORED = ["usaudit.total", "usaudit.usaudit_c", "drinking.days_abstinent_pct", "drinking.heavy_days",
          "craving.craving", "phq9.total", "gad7.total", "asq.risk"]


def test_history_tab_charts_every_score_of_twelve_visits(
        qtbot: Any, window: DeskWindow, series: tuple[list[Any], Any], store: Store, member: StaffMember) -> None:
    visits, _ = series
    _open_history(qtbot, window, store)
    history = window.detail.history
    qtbot.waitUntil(lambda: len(history.charts) == len(SCORED), timeout=8000)
    assert [c.series.key for c in history.charts] == SCORED
    phq9 = history.chart("phq9.total")
    assert phq9.values() == list(PHQ9)
    assert history.chart("gad7.total").values() == list(GAD7)
    assert [p.x() for p in phq9.infusions.points()] == [n for n in range(12) if n % 3 != 2]
    assert [p.x() for p in phq9.others.points()] == [2, 5, 8, 11]
    assert phq9.chart().axes(Qt.Orientation.Vertical)[1].categoriesLabels()[0] == "Minimal depression"
    names = {s.name() for s in phq9.chart().series()}
    assert {"baseline 20", "response ≤ 10", "remission below 5", "infusion visit", "other visit"} <= names
    verdict = history.verdicts[SCORED.index("phq9.total")].text()
    assert "RESPONSE (≥ 50 % drop)" in verdict and "REMISSION (< 5)" in verdict
    assert history.summary.text() == "12 visit(s) on record"
    assert (f"staff:{member.id}", "history.view") in audit_actions(store)


def test_linking_a_misspelt_visit_from_the_history_tab(
        qtbot: Any, window: DeskWindow, series: tuple[list[Any], Any], store: Store, member: StaffMember) -> None:
    visits, typo = series
    _open_history(qtbot, window)
    history = window.detail.history
    qtbot.waitUntil(lambda: len(history.charts) == len(SCORED), timeout=8000)
    qtbot.mouseClick(history.other, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(history.other, typo.id.hex[:8])
    qtbot.mouseClick(history.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "linked by hand" in history.summary.text(), timeout=8000)
    assert history.summary.text().startswith("13 visit(s) on record")
    assert len(history.chart("phq9.total").values()) == 13 and 9 in history.chart("phq9.total").values()
    assert (f"staff:{member.id}", "history.link") in audit_actions(store)
    qtbot.keyClicks(history.other, "zzzz")
    qtbot.mouseClick(history.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.summary.text().startswith("Could not link"), timeout=5000)
    assert "Nunes" not in history.summary.text()


@pytest.mark.parametrize("width", [1024, 1600])
def test_chart_titles_and_dates_fit_the_narrowest_and_a_wide_pane(
        qtbot: Any, window: DeskWindow, series: tuple[list[Any], Any], width: int) -> None:
    """Nothing cut with "…": titles wrap, the date line shortens, band names leave a too-narrow axis."""
    from PySide6.QtGui import QFontMetrics

    from kiosk.ui.desk.panes import DETAIL_MIN_SHARE

    window.resize(width, 900)
    _open_history(qtbot, window)
    history = window.detail.history
    qtbot.waitUntil(lambda: len(history.charts) == len(SCORED), timeout=8000)
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total - round(total * DETAIL_MIN_SHARE), round(total * DETAIL_MIN_SHARE)])
    qtbot.waitUntil(lambda: window.detail.width() <= total * DETAIL_MIN_SHARE + 20, timeout=3000)
    qtbot.wait(50)
    for chart in history.charts:
        room = chart.width() - 24
        x_title = chart.x_axis.titleText()
        assert QFontMetrics(chart.x_axis.titleFont()).horizontalAdvance(x_title) <= room, x_title
        for line in chart.chart().title().split("<br>"):
            assert QFontMetrics(chart.chart().titleFont()).horizontalAdvance(line) <= room, line
        if chart.band_axis.labelsVisible() and chart.series.bands:
            widest = max(QFontMetrics(chart.band_axis.labelsFont()).horizontalAdvance(b.label)
                         for b in chart.series.bands)
            assert widest <= room * 0.3
        assert all(b.label in chart.toolTip() for b in chart.series.bands)
    usaudit_c = history.chart("usaudit.usaudit_c")
    wrapped = "<br>" in usaudit_c.chart().title()
    assert wrapped is (width == 1024)  # "USAUDIT — USAUDIT-C (items 1-3)" wraps only when narrow
    assert history.chart("phq9.total").x_axis.titleText().startswith("visit (1 = " if width == 1600 else "")
