"""Published response, remission and minimal clinically important change, per score.

Sources:
- PHQ-9 response (a drop of at least 50 % from baseline) and remission (a score below 5):
  Kroenke K, Spitzer RL. The PHQ-9: a new depression diagnostic and severity measure.
  Psychiatr Ann. 2002;32(9):509-515; the measurement-based-care use in the clinic's
  content brief.
- PHQ-9 minimal clinically important difference, 5 points: Löwe B, Unützer J, Callahan CM,
  Perkins AJ, Kroenke K. Monitoring depression treatment outcomes with the Patient Health
  Questionnaire-9. Med Care. 2004;42(12):1194-1201 ("2 standard errors of measurement,
  5 points on the 0 to 27 point PHQ-9 scale").
- GAD-7 remission (a score below 5, the "minimal anxiety" band of Spitzer RL, Kroenke K,
  Williams JBW, Löwe B. Arch Intern Med. 2006;166:1092-1097).
- GAD-7 minimal clinically important difference, 4 points: Toussaint A, Hüsing P, Gumz A,
  Wingenfeld K, Härter M, Schramm E, Löwe B. Sensitivity to change and minimal clinically
  important difference of the 7-item Generalized Anxiety Disorder Questionnaire (GAD-7).
  J Affect Disord. 2020;265:395-401.
Other scores have no published criteria here: their charts show the baseline only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.care.series import ScoreSeries


@dataclass(frozen=True)
class Criteria:
    """What counts as response, remission and an important change for one score."""

    response_drop_percent: int | None = None
    """Response: the score fell by at least this share of the baseline."""
    remission_below: int | None = None
    """Remission: the score is below this."""
    important_change: int | None = None
    """Minimal clinically important difference, in points either way."""


CRITERIA: dict[str, Criteria] = {
    "phq9.total": Criteria(response_drop_percent=50, remission_below=5, important_change=5),
    "gad7.total": Criteria(remission_below=5, important_change=4),
}
"""By series key (``form.score``)."""

Change = Literal["better", "worse"]


@dataclass(frozen=True)
class Outcome:
    """Where the latest visit stands against the series' baseline."""

    baseline: int
    latest: int
    response: bool | None
    """None when the score has no response criterion, or a baseline of 0 leaves nothing to halve."""
    remission: bool | None
    important: Change | None
    criteria: Criteria

    def words(self) -> list[str]:
        """Plain-text verdicts for a chart's caption (so colour is never the only signal)."""
        parts = [f"baseline {self.baseline}, latest {self.latest}"]
        if self.response is not None:
            parts.append("RESPONSE (≥ 50 % drop)" if self.response else "no response yet")
        if self.remission is not None:
            below = self.criteria.remission_below
            parts.append(f"REMISSION (< {below})" if self.remission else f"not in remission (≥ {below})")
        if self.important is not None:
            parts.append(f"important change: {self.important} by ≥ {self.criteria.important_change}")
        return parts


def responded(baseline: int, latest: int, drop_percent: int) -> bool:
    """A drop of at least ``drop_percent`` % of a positive baseline (exact integer arithmetic:
    12 → 6 is exactly 50 %, and counts)."""
    return baseline > 0 and (baseline - latest) * 100 >= drop_percent * baseline


def outcome(series: ScoreSeries) -> Outcome:
    """The latest point of ``series`` against its baseline, by the score's criteria."""
    criteria = CRITERIA.get(series.key, Criteria())
    baseline, latest = series.baseline.value, series.points[-1].value
    response = None
    if criteria.response_drop_percent is not None and baseline > 0:
        response = responded(baseline, latest, criteria.response_drop_percent)
    remission = latest < criteria.remission_below if criteria.remission_below is not None else None
    important: Change | None = None
    if criteria.important_change is not None and abs(latest - baseline) >= criteria.important_change:
        important = "better" if latest < baseline else "worse"
    return Outcome(baseline, latest, response, remission, important, criteria)
