"""Page 1's trend charts: one small vector chart per scored instrument over the last visits.

Each chart shades the form's bands (named at the right edge), draws the series' baseline as
a dashed line, the published response and remission thresholds as labelled lines, every
visit's value as a number over its marker, and infusion visits as filled triangles. Colour
is never the only signal: every line and band has a word, and a caption says the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from kiosk.care.history import PDF_VISITS
from kiosk.care.response import outcome
from kiosk.care.series import ScoreSeries
from kiosk.report import wording
from kiosk.report.fonts import BOLD, REGULAR
from kiosk.report.pdf_styles import INK, MUTED, RULE, WIDTH, Para, Styles, table, text

COLUMNS = 3
CHART_HEIGHT = 36 * mm
COMPACT_HEIGHT = 18 * mm
COMPACT_COLUMNS = 4
"""Charts when page 1 is crowded (pdf_fit): the same values, dates and lines, smaller."""
_PLOT = (6 * mm, 5 * mm, 2 * mm, 7 * mm)  # left, bottom, right, top (title)
_BAND_TINTS = (colors.HexColor("#F2F2F2"), colors.HexColor("#E2E2E2"))
_LINE = colors.HexColor("#1F4E9A")


_COMPACT_NOTE = ParagraphStyle("trend_compact", fontName=REGULAR, fontSize=6.5, leading=7.6, textColor=MUTED)


class Scale:
    """Score → y and visit number → x inside a chart's plot area."""

    def __init__(self, series: ScoreSeries, width: float, height: float) -> None:
        left, bottom, right, top = _PLOT
        self.x0, self.x1 = left, width - right
        self.y0, self.y1 = bottom, height - top
        self.low, self.high = series.low, max(series.high, series.low + 1)
        self.count = len(series.points)

    def y(self, value: float) -> float:
        return self.y0 + (value - self.low) / (self.high - self.low) * (self.y1 - self.y0)

    def x(self, n: int) -> float:
        if self.count == 1:
            return (self.x0 + self.x1) / 2
        return self.x0 + n / (self.count - 1) * (self.x1 - self.x0)


Anchor = Literal["start", "middle", "end"]


def _rect(x: float, y: float, width: float, height: float, fill: colors.Color | None,
          stroke: colors.Color | None = None, stroke_width: float = 0.4) -> Rect:
    """A rectangle (attributes set after construction: reportlab's stubs type Rect's keywords wrongly)."""
    rect = Rect(x, y, width, height)
    rect.fillColor, rect.strokeColor, rect.strokeWidth = fill, stroke, stroke_width
    return rect


def _label(x: float, y: float, words: str, size: float = 5.5, *, anchor: Anchor = "start",
           bold: bool = False, color: colors.Color = INK) -> String:
    return String(x, y, words, fontName=BOLD if bold else REGULAR, fontSize=size, fillColor=color,
                  textAnchor=anchor)


def _bands(series: ScoreSeries, scale: Scale) -> Group:
    """Each band a tinted strip (half a point beyond its ends, so strips meet) with its name."""
    group = Group()
    for n, band in enumerate(series.bands):
        bottom, top = scale.y(max(band.low - 0.5, scale.low)), scale.y(min(band.high + 0.5, scale.high))
        group.add(_rect(scale.x0, bottom, scale.x1 - scale.x0, top - bottom, _BAND_TINTS[n % 2]))
        if top - bottom >= 5:  # the band's name inside its strip, at the right, where it fits
            group.add(_label(scale.x1 - 1, (bottom + top) / 2 - 1.5, band.label, 4.2, anchor="end", color=MUTED))
    return group


def _threshold(scale: Scale, value: float, words: str, dash: tuple[float, float]) -> Group:
    """A labelled horizontal line across the plot at ``value`` (its words just under the line,
    a third of the way in, clear of the first point's value)."""
    y = scale.y(value)
    return Group(Line(scale.x0, y, scale.x1, y, strokeColor=INK, strokeWidth=0.6, strokeDashArray=list(dash)),
                 _label(scale.x0 + (scale.x1 - scale.x0) / 3, y - 5, words, 4.6))


def _thresholds(series: ScoreSeries, scale: Scale) -> Group:
    """The baseline, and the response and remission lines where the score has criteria."""
    result = outcome(series)
    group = Group(_threshold(scale, series.baseline.value, f"baseline {series.baseline.value}", (3, 2)))
    criteria = result.criteria
    if criteria.response_drop_percent is not None and result.baseline > 0:
        level = result.baseline * (100 - criteria.response_drop_percent) / 100
        group.add(_threshold(scale, level, f"response ≤ {level:g}", (1, 1.5)))
    if criteria.remission_below is not None:
        group.add(_threshold(scale, criteria.remission_below - 0.5, f"remission < {criteria.remission_below}",
                             (0.5, 1)))
    return group


def _marker(x: float, y: float, infusion: bool) -> Polygon | Circle:
    """A filled triangle for an infusion visit, an open circle for any other."""
    if infusion:
        return Polygon([x - 2.2, y - 1.8, x + 2.2, y - 1.8, x, y + 2.4], fillColor=INK, strokeColor=INK,
                       strokeWidth=0.5)
    return Circle(x, y, 1.7, fillColor=colors.white, strokeColor=INK, strokeWidth=0.7)


def chart(series: ScoreSeries, width: float, height: float = CHART_HEIGHT) -> Drawing:
    """One score's chart: bands, thresholds, the values (each printed over its marker), dates."""
    drawing = Drawing(width, height)
    scale = Scale(series, width, height)
    drawing.add(_label(0, height - 7, series.title, 6.5, bold=True))
    drawing.add(_bands(series, scale))
    drawing.add(_rect(scale.x0, scale.y0, scale.x1 - scale.x0, scale.y1 - scale.y0, None, RULE))
    for value in (series.low, series.high):
        drawing.add(_label(scale.x0 - 1.5, scale.y(value) - 1.8, str(value), 5, anchor="end", color=MUTED))
    drawing.add(_thresholds(series, scale))
    spots = [(scale.x(n), scale.y(p.value)) for n, p in enumerate(series.points)]
    if len(spots) > 1:
        drawing.add(PolyLine([c for spot in spots for c in spot], strokeColor=_LINE, strokeWidth=1.1))
    for (x, y), point in zip(spots, series.points):
        drawing.add(_marker(x, y, point.infusion))
        drawing.add(_label(x, y + 2.8, str(point.value), 5.5, anchor="middle", bold=True))
    days = [wording.local_time(p.at).date() for p in series.points]
    for n in sorted({0, len(days) - 1}):
        drawing.add(_label(spots[n][0], 1, days[n].strftime("%d %b %y"), 5,
                           anchor="middle" if len(days) == 1 else ("start" if n == 0 else "end"), color=MUTED))
    return drawing


def trend_flowables(trends: Sequence[ScoreSeries], styles: Styles, *, compact: bool = False) -> list[Flowable]:
    """The "Trends" section of page 1: nothing for a first visit (no trend to draw yet);
    ``compact``: shorter charts, for a page 1 crowded with flags."""
    if not trends or max(len(s.points) for s in trends) < 2:
        return []
    columns = COMPACT_COLUMNS if compact else COLUMNS
    width = WIDTH / columns - 3 * mm
    cells = []
    for series in trends:
        last = series.latest(PDF_VISITS)
        caption = Para(text(" · ".join(outcome(last).words())), _COMPACT_NOTE if compact else styles.note)
        cells.append([chart(last, width, COMPACT_HEIGHT if compact else CHART_HEIGHT), caption])
    rows: list[list[Any]] = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    grid = table(rows, [WIDTH / columns] * columns, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if compact else 4),
    ])
    legend = ("Last visits, oldest left. ▲ infusion · ○ other visit · dashed: baseline · dotted: response, "
              "remission · shaded: the form's bands." if compact else
              "Last visits of each score, oldest left. ▲ infusion visit · ○ other visit · dashed line: "
              "baseline (first visit on record) · dotted lines: response and remission thresholds · "
              "shaded strips: the form's bands.")
    # kept together: a heading alone at the foot of page 1 with its charts overleaf reads as missing
    return [Spacer(1, (3 if compact else 5) * mm), KeepTogether([Para("Trends across visits", styles.section), Spacer(1, 1 * mm),
                                             Para(text(legend), styles.note), Spacer(1, 1.5 * mm), grid])]
