"""A fictional patient's infusion series: visits with chosen PHQ-9 and GAD-7 totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from tests.report.full_visit import full_visit
from tests.store.conftest import phq9_answers

START = dt.datetime(2026, 6, 1, 15, 0, tzinfo=dt.timezone.utc)
PHQ9 = (20, 18, 17, 15, 14, 12, 11, 10, 9, 7, 6, 4)
GAD7 = (16, 15, 15, 13, 12, 11, 9, 8, 8, 6, 5, 4)


def gad7_answers(total: int) -> dict[str, int]:
    """GAD-7 codes (0-3 each) adding up to ``total``."""
    answers = {}
    for i in range(1, 8):
        answers[f"q{i}"] = min(3, total)
        total -= answers[f"q{i}"]
    return answers


def series_visit(library: FormLibrary, day: int, phq9: int, gad7: int | None = None, *,
                 name: str | None = None, infusion: bool = True, **kw: Any) -> Submission:
    """One visit ``day`` days after START (every form answered; PHQ-9 item 9 at 0)."""
    changes: dict[str, Any] = {"phq9": phq9_answers(phq9), "checkin": {
        "appointment_type": "infusion" if infusion else "follow_up"}}
    if gad7 is not None:
        changes["gad7"] = gad7_answers(gad7)
    visit = full_visit(**changes)
    if gad7 is None:
        del visit["responses"]["gad7"]
    if name is not None:
        visit["patient"]["legal_name"] = visit["responses"]["checkin"]["legal_name"] = name
    return build_submission(library, visit, kiosk_id="lobby-1", now=START + dt.timedelta(days=day), **kw)


def infusion_series(library: FormLibrary, phq9: Sequence[int] = PHQ9, gad7: Sequence[int] = GAD7,
                    name: str | None = None) -> list[Submission]:
    """One visit a week; every third one a follow-up, the others infusions."""
    return [series_visit(library, 7 * n, p, g, name=name, infusion=n % 3 != 2)
            for n, (p, g) in enumerate(zip(phq9, gad7))]
