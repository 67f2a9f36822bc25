"""What a screen reader says for a History chart: the picture in words.

A chart is drawn lines and markers; a blind member of staff (or anyone on a screen reader)
needs the same facts in order — which instrument, how many visits, each value with its date
and kind of visit, the band the latest value falls in, and response/remission where the
score defines them (``kiosk.care.response``). Plain text, no Qt: it is tested on its own and
read by the History tab into each chart's accessible name and description.
"""

from __future__ import annotations

from kiosk.care.response import outcome
from kiosk.care.series import ScoreSeries, TrendPoint
from kiosk.report.wording import local_time


def chart_name(series: ScoreSeries) -> str:
    """The chart's accessible name: the instrument and how many visits it covers."""
    visits = len(series.points)
    return f"{series.title} chart, {visits} visit{'s' if visits != 1 else ''}"


def _point_words(point: TrendPoint) -> str:
    kind = "infusion visit" if point.infusion else "other visit"
    return f"{point.value} on {local_time(point.at):%d %b %Y} ({kind})"


def latest_band(series: ScoreSeries) -> str | None:
    """The label of the band the newest value falls in (None: the score has no bands)."""
    newest = series.points[-1]
    for band in series.bands:
        if band.id == newest.band or band.low <= newest.value <= band.high:
            return band.label
    return None


def chart_description(series: ScoreSeries) -> str:
    """Every value oldest first with its date, the latest band, and the chart's verdicts."""
    values = "; ".join(_point_words(point) for point in series.points)
    parts = [f"{series.title}, {len(series.points)} visit(s), scores oldest first: {values}."]
    band = latest_band(series)
    if band is not None:
        parts.append(f"Latest band: {band}.")
    parts.append(" · ".join(outcome(series).words()) + ".")
    return " ".join(parts)
