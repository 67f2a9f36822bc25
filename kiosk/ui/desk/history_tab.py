"""The detail pane's History tab: one chart per scored instrument over the patient's visits.

Drawn with QtCharts (antialiased vector paths, crisp at any desk size): the form's bands are
named on a right-hand category axis and shaded, the baseline and the published response and
remission thresholds are labelled lines, every value is printed over its marker, and infusion
visits are triangles, other visits circles — so colour is never the only signal. Charts come
from whatever scores the history holds (``kiosk.care.series``): a new form needs no code here.

``DetailTabs`` holds the visit (``DetailView``) and this tab, and loads the history off the UI
thread whenever a visit is shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import (
    QAreaSeries, QCategoryAxis, QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QTabWidget, QVBoxLayout, QWidget,
)

from kiosk.care.history import PatientHistory
from kiosk.care.response import outcome
from kiosk.care.series import ScoreSeries
from kiosk.intake import AnsweredVisit
from kiosk.report.wording import local_time
from kiosk.ui.background import BackgroundOp
from kiosk.ui.desk.chart_words import chart_description, chart_name
from kiosk.ui.desk.detail_view import DetailView
from kiosk.ui.desk.mrn_bar import MrnBar

CHART_HEIGHT = 300
BAND_SHARE = 0.3
"""The most of a chart's width its band names may take on the right-hand axis."""
LEGEND_MARK = 28
"""Pixels a legend entry takes besides its name (its marker and the gap)."""
POINT_LABEL_PX = 22
"""Pixels between visits below which the values printed over the points would overlap."""
COLUMNS = 2
_BAND_TINTS = ("#F2F2F2", "#E0E0E0")
_LINE = "#1F4E9A"
NO_HISTORY = "Select a check-in to see the patient's scores over time."


def _threshold(chart: QChart, series: ScoreSeries, value: float, name: str, style: Qt.PenStyle) -> QLineSeries:
    """A named horizontal line across the chart (its name is in the legend)."""
    line = QLineSeries()
    line.setName(name)
    last = max(len(series.points) - 1, 1)
    line.append([QPointF(-1, value), QPointF(last + 1, value)])
    line.setPen(QPen(QColor("#111111"), 1.2, style))
    chart.addSeries(line)
    return line


def date_lines(series: ScoreSeries) -> list[str]:
    """The x axis' title, longest first: which visits, from which day to which."""
    first, newest = (local_time(p.at).date() for p in (series.points[0], series.points[-1]))
    n = len(series.points)
    return [f"visit (1 = {first:%d %b %Y} … {n} = {newest:%d %b %Y})",
            f"visits 1–{n}: {first:%d %b %y} … {newest:%d %b %y}",
            f"{first:%d/%m/%y} … {newest:%d/%m/%y}",
            f"{first:%m/%y}–{newest:%m/%y}"]


def _fitting(lines: list[str], metrics: QFontMetrics, room: float) -> str:
    """The first of ``lines`` as wide as ``room`` at most (else the shortest)."""
    return next((line for line in lines if metrics.horizontalAdvance(line) <= room), lines[-1])


class TrendChart(QChartView):
    """One score over the patient's visits; ``values`` and ``infusions`` say what is drawn."""

    def __init__(self, series: ScoreSeries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeskTrendChart")
        self.series = series
        # a screen reader cannot read a drawing: the chart's facts in words (chart_words)
        self.setAccessibleName(chart_name(series))
        self.setAccessibleDescription(chart_description(series))
        # the chart takes Tab (a screen reader then speaks it); its drawing surface does not,
        # or Tab would stop on it a second time, nameless
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._band_edges: list[QLineSeries] = []
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        chart = QChart()
        chart.setTitle(series.title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        x_axis, y_axis, bands = QValueAxis(), QValueAxis(), QCategoryAxis()
        self._bands(chart, bands)
        self._thresholds(chart)
        self.line = QLineSeries()
        self.line.setName("score")
        self.line.append([QPointF(n, p.value) for n, p in enumerate(series.points)])
        self.line.setPen(QPen(QColor(_LINE), 2))
        self.line.setPointLabelsVisible(True)
        self.line.setPointLabelsFormat("@yPoint")
        self.line.setPointLabelsClipping(False)
        chart.addSeries(self.line)
        self.infusions = self._markers(chart, "infusion visit", QScatterSeries.MarkerShape.MarkerShapeTriangle, True)
        self.others = self._markers(chart, "other visit", QScatterSeries.MarkerShape.MarkerShapeCircle, False)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(bands, Qt.AlignmentFlag.AlignRight)
        for drawn in chart.series():
            drawn.attachAxis(x_axis)
            drawn.attachAxis(y_axis)
        y_axis.setRange(series.low, series.high)
        y_axis.setLabelFormat("%d")
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(series.low)
        y_axis.setTickInterval(max(1, round((series.high - series.low) / 5)))
        bands.setRange(series.low, series.high)
        small = bands.labelsFont()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        bands.setLabelsFont(small)  # long band names are cut with "…" at narrow widths; the verdict line is whole
        last = max(len(series.points) - 1, 1)
        x_axis.setRange(-0.3, last + 0.3)
        x_axis.setLabelFormat("%d")
        x_axis.setTickCount(min(last + 1, 13))
        x_axis.setLabelsVisible(False)
        self.x_axis, self.band_axis = x_axis, bands
        self.setChart(chart)
        self.fit_labels()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_labels()

    def fit_labels(self) -> None:
        """Title, date line and band names that fit the chart's width, never cut with "…".

        At the narrowest pane the splitter allows a chart is a few hundred pixels wide: the
        title wraps at its " — ", the date line takes the longest of its forms that fits, and
        band names too wide for the right-hand axis leave it (the tooltip and the verdict line
        under the chart still name them) rather than show half a word.
        """
        chart, room = self.chart(), max(self.width() - 24, 40)
        # (the legend and each point's value leave too when they would overlap: the tooltip
        # names every line, the verdict under the chart gives the baseline and the latest)
        title = self.series.title
        fits = QFontMetrics(chart.titleFont()).horizontalAdvance(title) <= room
        chart.setTitle(title if fits else title.replace(" — ", "<br>"))
        self.x_axis.setTitleText(_fitting(date_lines(self.series), QFontMetrics(self.x_axis.titleFont()), room))
        widest = max((QFontMetrics(self.band_axis.labelsFont()).horizontalAdvance(b.label) for b in self.series.bands),
                     default=0)
        self.band_axis.setLabelsVisible(widest <= room * BAND_SHARE)
        legend = chart.legend()
        names = [m.label() for m in legend.markers() if m.isVisible()]
        legend_font = QFontMetrics(legend.font())
        # the legend lays its names out in one row: each needs its marker (~20 px) beside it
        legend.setVisible(sum(legend_font.horizontalAdvance(n) + LEGEND_MARK for n in names) <= room)
        self.line.setPointLabelsVisible(room / max(len(self.series.points), 1) >= POINT_LABEL_PX)
        tips = ["Bands: " + " · ".join(f"{b.label} {b.low}–{b.high}" for b in self.series.bands)] \
            if self.series.bands else []
        self.setToolTip("\n".join([*tips, "Lines: " + " · ".join(names)]))

    def _bands(self, chart: QChart, axis: QCategoryAxis) -> None:
        """Each band a shaded strip, named on the right-hand axis."""
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        axis.setStartValue(self.series.low)
        last = max(len(self.series.points) - 1, 1)
        for n, band in enumerate(self.series.bands):
            top = min(band.high + 0.5, self.series.high)
            axis.append(band.label, top)
            lower, upper = QLineSeries(), QLineSeries()
            bottom = max(band.low - 0.5, self.series.low)
            lower.append([QPointF(-1, bottom), QPointF(last + 1, bottom)])
            upper.append([QPointF(-1, top), QPointF(last + 1, top)])
            self._band_edges += [upper, lower]  # QAreaSeries does not own its edges: keep them alive
            area = QAreaSeries(upper, lower)
            area.setBrush(QBrush(QColor(_BAND_TINTS[n % 2])))
            area.setPen(QPen(Qt.PenStyle.NoPen))
            chart.addSeries(area)
            chart.legend().markers(area)[0].setVisible(False)  # named on the axis instead

    def _thresholds(self, chart: QChart) -> None:
        result = outcome(self.series)
        criteria = result.criteria
        _threshold(chart, self.series, result.baseline, f"baseline {result.baseline}", Qt.PenStyle.DashLine)
        if criteria.response_drop_percent is not None and result.baseline > 0:
            level = result.baseline * (100 - criteria.response_drop_percent) / 100
            _threshold(chart, self.series, level, f"response ≤ {level:g}", Qt.PenStyle.DotLine)
        if criteria.remission_below is not None:
            # "below", not "<": legend names are rich text, where "<" starts a tag
            _threshold(chart, self.series, criteria.remission_below - 0.5,
                       f"remission below {criteria.remission_below}", Qt.PenStyle.DashDotLine)

    def _markers(self, chart: QChart, name: str, shape: QScatterSeries.MarkerShape, infusion: bool) -> QScatterSeries:
        markers = QScatterSeries()
        markers.setName(name)
        markers.setMarkerShape(shape)
        markers.setMarkerSize(11)
        markers.setColor(QColor("#111111") if infusion else QColor("white"))
        markers.setBorderColor(QColor("#111111"))
        markers.append([QPointF(n, p.value) for n, p in enumerate(self.series.points) if p.infusion is infusion])
        chart.addSeries(markers)
        return markers

    def values(self) -> list[float]:
        """The drawn scores, oldest first (the line's points)."""
        return [point.y() for point in self.line.points()]


class HistoryTab(QWidget):
    """Every score chart of the patient, a verdict line under each, and linking by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeskHistoryTab")
        self.summary = QLabel(NO_HISTORY)
        self.summary.setObjectName("DeskHistorySummary")
        self.summary.setWordWrap(True)
        self.other = QLineEdit()
        self.other.setObjectName("DeskHistoryOther")
        self.other.setPlaceholderText("Other visit's id (8+ characters), same patient typed another way")
        self.link_button = QPushButton("Link histories")
        self.unlink_button = QPushButton("Unlink")
        for button in (self.link_button, self.unlink_button):
            button.setProperty("role", "secondary")
            button.setEnabled(False)
        self.charts: list[TrendChart] = []
        self.verdicts: list[QLabel] = []
        self._grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self._grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setAccessibleName("The patient's score charts")  # it takes the focus, to scroll by keys
        linking = QHBoxLayout()
        linking.setSpacing(12)  # more than the 8 px a finger needs between two targets
        linking.addWidget(self.other, 1)
        linking.addWidget(self.link_button)
        linking.addWidget(self.unlink_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(linking)
        layout.addWidget(scroll, 1)

    def show_history(self, history: PatientHistory | None) -> None:
        """Charts for ``history`` (None: nothing selected)."""
        for widget in [*self.charts, *self.verdicts]:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.charts, self.verdicts = [], []
        for button in (self.link_button, self.unlink_button):
            button.setEnabled(history is not None)
        if history is None:
            self.summary.setText(NO_HISTORY)
            return
        links = ", ".join(f"{a.hex[:8]} = {b.hex[:8]}" for a, b in history.links)
        self.summary.setText(f"{history.visits} visit(s) on record"
                             + (f" · linked by hand: {links}" if links else "")
                             + ("" if history.series else " · no scored questionnaires yet"))
        for n, series in enumerate(history.series):
            chart = TrendChart(series)
            verdict = QLabel(" · ".join(outcome(series).words()))
            verdict.setObjectName("DeskTrendVerdict")
            verdict.setWordWrap(True)
            self._grid.addWidget(chart, (n // COLUMNS) * 2, n % COLUMNS)
            self._grid.addWidget(verdict, (n // COLUMNS) * 2 + 1, n % COLUMNS)
            self.charts.append(chart)
            self.verdicts.append(verdict)

    def chart(self, key: str) -> TrendChart:
        """The chart of ``form.score`` (KeyError if the history has no such score)."""
        for chart in self.charts:
            if chart.series.key == key:
                return chart
        raise KeyError(key)


class DetailTabs(QTabWidget):
    """The desk's detail pane: the selected visit, and the History tab of its patient.

    ``actions`` supplies ``history(id)`` and ``link(id, other, undo=)`` (StoreDeskActions);
    without them (a desk that cannot read histories) the History tab stays empty.
    """

    def __init__(self, actions: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeskDetailTabs")
        self.view = DetailView()
        self.history = HistoryTab()
        self.mrn = MrnBar(actions)  # the visit's MRN, above the visit
        self.visit_page = QWidget()
        page = QVBoxLayout(self.visit_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.mrn)
        page.addWidget(self.view)
        self.addTab(self.visit_page, "Visit")
        self.addTab(self.history, "History")
        self._load: Callable[[uuid.UUID], PatientHistory] | None = getattr(actions, "history", None)
        self._link: Callable[..., str] | None = getattr(actions, "link", None)
        self._shown: uuid.UUID | None = None
        self._loaded_for: uuid.UUID | None = None
        self.currentChanged.connect(lambda _index: self._reload(only_if_new=True))
        self.history.link_button.clicked.connect(lambda: self._linking(undo=False))
        self.history.unlink_button.clicked.connect(lambda: self._linking(undo=True))

    # the visit view's reading API, so callers and tests read the pane as before
    def toPlainText(self) -> str:  # noqa: N802 - Qt naming
        return self.view.toPlainText()

    def placeholderText(self) -> str:  # noqa: N802 - Qt naming
        return self.view.placeholderText()

    def show_submission(self, visit: AnsweredVisit | None) -> None:
        """Show the visit; its patient's history loads when the History tab is (or becomes)
        the one shown, so only a history staff actually look at is read and audited."""
        self.view.show_submission(visit)
        self.mrn.show_visit(visit)
        self._shown = visit.submission.id if visit is not None else None
        self._loaded_for = None
        self.history.show_history(None)
        self._reload(only_if_new=True)

    def show_history(self, visits: list[AnsweredVisit]) -> None:
        """A name-and-birth-date search result (the Visit tab lists them)."""
        self.setCurrentWidget(self.visit_page)
        self.view.show_history(visits)

    def _reload(self, *, only_if_new: bool = False) -> None:
        load, shown = self._load, self._shown
        if load is None or shown is None or self.currentWidget() is not self.history:
            return
        if only_if_new and self._loaded_for == shown:
            return
        self._loaded_for = shown
        BackgroundOp(lambda: load(shown), self._loaded,
                     lambda exc: self.history.summary.setText(f"History could not be read: {exc}")).start()

    def _loaded(self, history: PatientHistory) -> None:
        if history.visit_id == self._shown:  # not a slow answer for a visit no longer selected
            self.history.show_history(history)

    def _linking(self, *, undo: bool) -> None:
        link, shown, other = self._link, self._shown, self.history.other.text()
        if link is None or shown is None or not other.strip():
            self.history.summary.setText("Type the other visit's id (its first 8 or more characters) first.")
            return

        def done(message: str) -> None:
            self.history.other.clear()
            self._reload()
            self.history.summary.setText(message)

        BackgroundOp(lambda: link(shown, other, undo=undo), done,
                     lambda exc: self.history.summary.setText(f"Could not link: {exc}")).start()
