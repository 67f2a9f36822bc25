"""The desk's "Today" tab: the clinic's day at a glance (kiosk.care.day_report), counts only.

The figures are fetched off the UI thread when the tab is shown, when the queue changes
(the desk's push, or its poll — at most every ``MIN_GAP_S``) and on a slow timer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QFrame, QGridLayout, QLabel, QMainWindow, QScrollArea, QTabWidget, QVBoxLayout,
                               QWidget)

from kiosk.ui.background import BackgroundOp

if TYPE_CHECKING:
    from kiosk.care.day_labels import DayLabels
    from kiosk.care.day_report import DayReport

SLOW_MS = 60_000
"""Without a queue change the figures still move (sessions end, reviews happen): once a minute."""
MIN_GAP_S = 5.0
"""A polling desk reports the queue every half second; the day's figures need not follow that fast."""
COLUMNS = 3
ALERT_ITEMS = {("critical flags", "not reviewed yet"), ("visits", "not reviewed yet")}


class TodayTab(QWidget):
    """Cards of figures, one per section of the day report; screens and appointment types in
    ``labels``' words (their codes without)."""

    def __init__(self, fetch: Callable[[], DayReport], parent: QWidget | None = None, *,
                 labels: DayLabels | None = None, slow_ms: int = SLOW_MS, min_gap_s: float = MIN_GAP_S) -> None:
        super().__init__(parent)
        self.setObjectName("DeskToday")
        self._fetch, self._min_gap, self._labels = fetch, min_gap_s, labels
        self._busy, self._last = False, -math.inf
        self.report: DayReport | None = None
        self.heading = QLabel("Today")
        self.heading.setObjectName("TodayHeading")
        self.status = QLabel("")
        self.status.setObjectName("DeskStatus")
        self.cards = QGridLayout()
        self.cards.setSpacing(14)
        body = QWidget()
        body.setObjectName("TodayBody")
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self.cards)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName("Today's figures")  # it takes the focus, to scroll by keys
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 8)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setInterval(slow_ms)
        self._timer.timeout.connect(self.refresh_if_shown)
        self._timer.start()

    def queue_changed(self, *_args: Any) -> None:
        """The queue moved: refresh, unless the last refresh was moments ago."""
        if time.monotonic() - self._last >= self._min_gap:
            self.refresh_if_shown()

    def refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Fetch the figures on a worker; one fetch at a time."""
        if self._busy:
            return
        self._busy, self._last = True, time.monotonic()
        BackgroundOp(self._fetch, self._show, self._failed).start()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()

    def _show(self, report: DayReport) -> None:
        self._busy = False
        self.report = report
        self.heading.setText(f"Today — {report.day:%A %d %B %Y}")
        while (item := self.cards.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        sections = itertools.groupby(report.rows(self._labels)[1:], key=lambda row: row[0])
        for n, (section, rows) in enumerate(sections):
            self.cards.addWidget(_card(section, [(item, value) for _s, item, value in rows]), n // COLUMNS, n % COLUMNS)
        self.status.setText(f"Counts only, no names · updated {dt.datetime.now():%H:%M:%S}")

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.status.setText(f"Cannot read today's figures: {type(exc).__name__}")


def _card(section: str, rows: list[tuple[str, str]]) -> QFrame:
    card = QFrame()
    card.setObjectName("TodayCard")
    grid = QGridLayout(card)
    grid.setColumnStretch(0, 1)
    title = QLabel(section[:1].upper() + section[1:])
    title.setObjectName("TodayCardTitle")
    grid.addWidget(title, 0, 0, 1, 2)
    for row, (item, value) in enumerate(rows, start=1):
        label, number = QLabel(item), QLabel(value)
        label.setWordWrap(True)
        number.setObjectName("TodayValue")
        alert = (section, item) in ALERT_ITEMS and value not in ("0", "—")
        number.setProperty("alert", alert)
        grid.addWidget(label, row, 0)
        grid.addWidget(number, row, 1)
    grid.setRowStretch(len(rows) + 1, 1)  # rows stay together at the top of a taller card
    return card


def install_today_tab(window: QMainWindow, actions: Any, queue_updated: Any) -> TodayTab | None:
    """Put the window's queue and a Today tab side by side, if ``actions`` can report the day."""
    fetch = getattr(actions, "day_report", None)
    queue = window.centralWidget()
    if fetch is None or queue is None:
        return None
    window.takeCentralWidget()
    tabs = QTabWidget()
    tabs.setObjectName("DeskTabs")
    tabs.setAccessibleName("The queue or today's figures")  # what a screen reader says on it
    tabs.addTab(queue, "Queue")
    labels_of = getattr(actions, "day_labels", None)
    today = TodayTab(fetch, labels=labels_of() if labels_of is not None else None)
    tabs.addTab(today, "Today")
    window.setCentralWidget(tabs)
    queue_updated.connect(today.queue_changed)
    return today
