"""Response, remission and important change at their published edges (exactly 50 %, exactly 5)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.care.response import outcome, responded
from kiosk.care.series import ScoreSeries, TrendPoint

DAY = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


def series(key: str, *values: int) -> ScoreSeries:
    form, score = key.split(".")
    points = tuple(TrendPoint(uuid.uuid4(), DAY + dt.timedelta(days=7 * n), v, None, True)
                   for n, v in enumerate(values))
    return ScoreSeries(form, score, key, 0, 27, (), points, points[0])


@pytest.mark.parametrize(("baseline", "latest", "expected"), [
    (12, 6, True),    # exactly 50 %
    (12, 7, False),   # 41.7 %
    (13, 7, False),   # 46.2 %: 6.5 would be half, scores are whole
    (13, 6, True),
    (20, 0, True),
    (1, 0, True),
])
def test_phq9_response_is_a_drop_of_at_least_half(baseline: int, latest: int, expected: bool) -> None:
    assert responded(baseline, latest, 50) is expected
    assert outcome(series("phq9.total", baseline, 15, latest)).response is expected


def test_no_response_verdict_from_a_zero_baseline() -> None:
    result = outcome(series("phq9.total", 0, 0))
    assert result.response is None and result.remission is True


@pytest.mark.parametrize(("form", "latest", "remission"), [
    ("phq9", 5, False), ("phq9", 4, True), ("gad7", 5, False), ("gad7", 4, True),
])
def test_remission_is_below_five(form: str, latest: int, remission: bool) -> None:
    result = outcome(series(f"{form}.total", 14, latest))
    assert result.remission is remission
    words = " ".join(result.words())
    assert ("REMISSION (< 5)" in words) is remission
    assert ("not in remission" in words) is not remission


@pytest.mark.parametrize(("key", "values", "important"), [
    ("phq9.total", (14, 9), "better"),   # exactly the 5-point MCID
    ("phq9.total", (14, 10), None),
    ("phq9.total", (9, 14), "worse"),
    ("gad7.total", (12, 8), "better"),   # exactly the 4-point MCID
    ("gad7.total", (12, 9), None),
])
def test_minimal_clinically_important_change(key: str, values: tuple[int, int], important: str | None) -> None:
    assert outcome(series(key, *values)).important == important


def test_gad7_has_no_response_criterion_and_other_scores_none_at_all() -> None:
    assert outcome(series("gad7.total", 16, 4)).response is None
    other = outcome(series("usaudit.total", 26, 10))
    assert (other.response, other.remission, other.important) == (None, None, None)
    assert other.words() == ["baseline 26, latest 10"]


def test_baseline_is_the_first_visit_even_when_only_the_latest_are_drawn() -> None:
    long = series("phq9.total", 20, 18, 16, 9)
    cut = long.latest(2)
    assert [p.value for p in cut.points] == [16, 9]
    assert outcome(cut).baseline == 20 and outcome(cut).response is True
