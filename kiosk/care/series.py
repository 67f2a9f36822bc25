"""Score series across a patient's visits: one per scored instrument, by score id.

Built from whatever scores the visits hold, so a new scored form (drinking days, craving)
appears without code changes; the form library only adds titles, possible ranges and bands.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kiosk.forms.checks import possible_range
from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import Submission

INFUSION = ("checkin", "appointment_type", "infusion")
"""Form, item and answer code of a visit that is an infusion session (the check-in asks)."""


@dataclass(frozen=True)
class TrendPoint:
    """One visit's value of one score."""

    visit_id: uuid.UUID
    at: dt.datetime
    value: int
    band: str | None
    infusion: bool


@dataclass(frozen=True)
class BandRange:
    """A score band as the chart shades it: inclusive ``low``..``high`` with its label."""

    id: str
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class ScoreSeries:
    """One score of one form over a patient's visits, oldest first.

    ``baseline`` is the first visit's value in the whole history, kept when ``points`` is cut
    to the latest visits (``latest``), so response is always measured from the series' start.
    """

    form: str
    score: str
    title: str
    low: int
    high: int
    bands: tuple[BandRange, ...]
    points: tuple[TrendPoint, ...]
    baseline: TrendPoint

    def latest(self, count: int) -> ScoreSeries:
        """The same series with only its last ``count`` points (the baseline kept)."""
        return replace(self, points=self.points[-count:])

    @property
    def key(self) -> str:
        """``form.score``, e.g. ``phq9.total``: how charts and tests name a series."""
        return f"{self.form}.{self.score}"


def is_infusion(visit: Submission) -> bool:
    """Whether the patient checked in for an infusion session."""
    form, item, code = INFUSION
    response = visit.responses.get(form)
    return response is not None and response.answers.get(item) == code


def build_series(visits: Iterable[Submission], library: FormLibrary) -> list[ScoreSeries]:
    """Every score the visits hold: forms in the order the newest visit asked them (then older
    visits' forms), scores in their form's rule order. Each series lists the visits that have
    that score, oldest first.
    """
    ordered = sorted(visits, key=lambda v: (v.created_at, str(v.id)))
    asked = list(dict.fromkeys(form_id for visit in reversed(ordered) for form_id in visit.responses))
    points: dict[tuple[str, str], list[TrendPoint]] = {}
    for visit in ordered:
        infusion = is_infusion(visit)
        for form_id, response in visit.responses.items():
            for score_id, value in response.scores.items():
                points.setdefault((form_id, score_id), []).append(
                    TrendPoint(visit.id, visit.created_at, value.value, value.band, infusion))
    return [_series(form_id, score_id, tuple(found), library)
            for (form_id, score_id), found in sorted(points.items(), key=lambda kv: _order(kv[0], asked, library))]


def _order(key: tuple[str, str], asked: list[str], library: FormLibrary) -> tuple[int, int, str]:
    form_id, score_id = key
    form = library.forms.get(form_id)
    rules = [rule.id for rule in form.scores] if form else []
    return asked.index(form_id), rules.index(score_id) if score_id in rules else len(rules), score_id


def _series(form_id: str, score_id: str, points: Sequence[TrendPoint], library: FormLibrary) -> ScoreSeries:
    """Titles, range and bands from the library; a form it no longer has is drawn by its ids
    over the range its values span."""
    form = library.forms.get(form_id)
    rule = next((r for r in form.scores if r.id == score_id), None) if form else None
    values = [p.value for p in points]
    if form is None or rule is None:
        return ScoreSeries(form_id, score_id, f"{form_id} {score_id}", min(0, *values), max(values),
                           (), tuple(points), points[0])
    low, high = possible_range(form, rule)
    short = (form.short_title or form.title).en
    title = short if len(form.scores) == 1 else f"{short} — {rule.title.en}"
    bands = tuple(BandRange(b.id, b.min, b.max, b.label.en) for b in rule.bands)
    return ScoreSeries(form_id, score_id, title, min(low, *values), max(high, *values), bands,
                       tuple(points), points[0])

