"""The record of one submitted visit: identity, answers, scores, flags, form versions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.forms.context import VisitContext, age_on
from kiosk.forms.rules import ClinicRules
from kiosk.forms.model import Answer
from kiosk.forms.scoring import RaisedFlag, ScoreValue
from kiosk.intake.plan import FormNotAsked
from kiosk.intake.handling import Handling

Severity = Literal["critical", "warning"]
SEVERITY_RANK: dict[str | None, int] = {"critical": 2, "warning": 1, None: 0}


class Patient(BaseModel):
    """Who the visit is for (protected health information: encrypted at rest)."""

    model_config = ConfigDict(frozen=True)

    legal_name: str = Field(min_length=1)
    preferred_name: str | None = None
    date_of_birth: dt.date
    phone: str | None = None
    mrn: str | None = Field(default=None, description="The clinic's medical record number, when the EHR or "
                            "staff gave one (history links by it; FHIR export identifies the patient by it)")

    def age_on(self, day: dt.date) -> int:
        return age_on(self.date_of_birth, day)


class FormResponse(BaseModel):
    """One form as the patient answered it, with what the forms engine computed."""

    model_config = ConfigDict(frozen=True)

    form: str
    version: str
    definition: str | None = Field(
        default=None,
        description="sha256 of the canonical JSON of the exact definition answered (kiosk.forms."
                    "canonical); None on visits stored before definitions were kept",
    )
    answers: dict[str, Answer]
    scores: dict[str, ScoreValue] = Field(default_factory=dict)
    flags: list[RaisedFlag] = Field(default_factory=list)
    completed_at: dt.datetime


class Submission(BaseModel):
    """A whole visit as stored: one row in the store, one PDF, one FHIR bundle."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    kiosk_id: str
    language: Literal["en", "es"]
    created_at: dt.datetime
    patient: Patient
    responses: dict[str, FormResponse]
    handling: Handling = Field(default_factory=Handling, description="reviewed, printed, exported: who and when")
    not_asked: list[FormNotAsked] = Field(
        default_factory=list, description="Forms of the protocol left out by its every-N-days rule"
    )
    last_visit_on: dt.date | None = Field(
        default=None, description="The patient's previous visit day as the store knew it at check-in "
        "(a recall window such as 'the 12 days since your last visit' ran from it)",
    )

    @property
    def flags(self) -> list[RaisedFlag]:
        """Every raised flag of the visit, critical first, in form order within a severity."""
        raised = [f for r in self.responses.values() for f in r.flags]
        return sorted(raised, key=lambda f: -SEVERITY_RANK[f.severity])

    @property
    def severity(self) -> Severity | None:
        """The highest flag severity, which orders the review queue."""
        best = max((f.severity for f in self.flags), key=lambda s: SEVERITY_RANK[s], default=None)
        return best  # type: ignore[return-value]

    def context(self, rules: ClinicRules | None = None) -> VisitContext:
        """Every form's answers, the visit's date and time, and the clinic's ``rules``, as
        conditions across forms and the fasting rule read them."""
        answers = {form_id: r.answers for form_id, r in self.responses.items()}
        return VisitContext(answers, self.created_at.date(), self.created_at, rules or ClinicRules(),
                            self.last_visit_on)

    @property
    def form_versions(self) -> dict[str, str]:
        return {form_id: r.version for form_id, r in self.responses.items()}

    def scores_summary(self) -> dict[str, dict[str, dict[str, int | str | None]]]:
        """``{form: {score: {"value", "band"}}}`` as the queue JSON shows it."""
        return {
            form_id: {k: {"value": v.value, "band": v.band} for k, v in r.scores.items()}
            for form_id, r in self.responses.items()
            if r.scores
        }
