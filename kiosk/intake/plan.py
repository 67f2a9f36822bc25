"""Which forms one visit runs: the protocol chosen for it and the forms it leaves out (no Qt).

The choice itself (by appointment type, or the clinic's fixed protocol) and the
every-N-days rule live in ``kiosk.care``; a session only holds what they decided, so the
intake state machine stays a plain function of its answers, the patient's history and the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from kiosk.forms.model import Answer, VisitProtocol


class FormNotAsked(BaseModel):
    """A form the protocol runs but this visit did not ask: the same patient answered it on
    ``answered_on``, and the protocol asks it at most every ``every_days`` days."""

    model_config = ConfigDict(frozen=True)

    form: str
    answered_on: dt.date
    every_days: int

    def note(self, title: str) -> str:
        """The line the clinician reads, e.g. "USAUDIT not asked: answered on 2026-10-02, ..."."""
        return (f"{title} not asked: answered on {self.answered_on.isoformat()}, "
                f"asked at most every {self.every_days} days")


@dataclass(frozen=True)
class PatientHistory:
    """What the store knows of the patient's earlier visits (looked up after check-in)."""

    last_visit: dt.date | None = None
    """The day of the latest earlier visit."""
    answered: Mapping[str, dt.date] = field(default_factory=dict)
    """Per form id, the day of the latest earlier visit that answered it."""


@dataclass(frozen=True)
class VisitPlan:
    """The protocol of this visit and the forms of it not asked."""

    protocol: VisitProtocol
    not_asked: tuple[FormNotAsked, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The form ids asked, in the protocol's order."""
        skipped = {n.form for n in self.not_asked}
        return tuple(f for f in self.protocol.forms if f not in skipped)


Planner = Callable[[Mapping[str, Mapping[str, Answer]], "PatientHistory | None", dt.date], VisitPlan]
"""Decides a visit's plan from its answers so far (the check-in's appointment type), the
patient's history (None while unknown: nothing is left out) and the visit day."""


def fixed_plan(protocol: VisitProtocol) -> Planner:
    """A planner that always runs ``protocol`` whole (tests, and tools with no history)."""

    def plan(_answers: Mapping[str, Mapping[str, Answer]], _history: PatientHistory | None,
             _today: dt.date) -> VisitPlan:
        return VisitPlan(protocol)

    return plan
