"""What the review queue shows per submission (decrypted for the desk, never logged)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict

from kiosk.forms.scoring import RaisedFlag
from kiosk.intake.handling import Fact, Handling, Step
from kiosk.intake.submission import Severity, Submission


class QueuePatient(BaseModel):
    """The two facts the desk needs to call a patient up."""

    model_config = ConfigDict(frozen=True)

    legal_name: str
    date_of_birth: dt.date


class QueueEntry(BaseModel):
    """One row of the day's review queue."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    created_at: dt.datetime
    handling: Handling
    severity: Severity | None
    kiosk_id: str
    patient: QueuePatient
    scores: dict[str, dict[str, dict[str, int | str | None]]]
    flags: list[RaisedFlag]

    @classmethod
    def of(cls, submission: Submission) -> QueueEntry:
        return cls(
            id=submission.id, created_at=submission.created_at, handling=submission.handling,
            severity=submission.severity, kiosk_id=submission.kiosk_id,
            patient=QueuePatient(legal_name=submission.patient.legal_name,
                                 date_of_birth=submission.patient.date_of_birth),
            scores=submission.scores_summary(), flags=submission.flags,
        )

    def to_json(self) -> dict[str, Any]:
        """The ``kiosk queue --json`` shape of the CLI contract."""
        return {
            "id": str(self.id),
            "created_at": self.created_at.isoformat(),
            **{step.value: _fact_json(self.handling.fact(step)) for step in Step},
            "severity": self.severity,
            "patient": {"legal_name": self.patient.legal_name,
                        "date_of_birth": self.patient.date_of_birth.isoformat()},
            "scores": self.scores,
        }


def _fact_json(fact: Fact | None) -> dict[str, str | None] | None:
    """``{"by": actor, "at": ISO time or null}``, or null for a step not taken."""
    if fact is None:
        return None
    return {"by": fact.by, "at": fact.at.isoformat() if fact.at else None}


class UnreadableRow(BaseModel):
    """A stored visit that cannot be decrypted: shown by id (its content is what is lost)."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    created_at: dt.datetime
    severity: Severity | None
    key_id: str

    @classmethod
    def of(cls, row: Any) -> UnreadableRow:
        return cls(id=row.id, created_at=row.created_at, severity=row.severity, key_id=row.key_id)


class QueueView(BaseModel):
    """The day's queue: every readable visit, and the ids of those that cannot be read."""

    model_config = ConfigDict(frozen=True)

    entries: list[QueueEntry]
    unreadable: list[UnreadableRow]
