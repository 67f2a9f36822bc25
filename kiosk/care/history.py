"""A patient's visits read from the store for trends: the one call the PDF, the desk and the CLI share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.care.series import ScoreSeries, build_series
from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import Submission

if TYPE_CHECKING:
    from kiosk.store import Store

PDF_VISITS = 12
"""Page 1 charts the last this many visits of each score."""


def visits_upto(store: Store, submission: Submission, *, actor: str) -> list[Submission]:
    """Every visit of ``submission``'s patient (linked histories included) up to and including
    this one, oldest first, so a summary re-printed later shows the trend as it stood that day.
    The read is audited."""
    return [v for v in store.history(submission, actor=actor) if v.created_at <= submission.created_at]


@dataclass(frozen=True)
class PatientHistory:
    """What the desk's History tab shows for one visit: its patient's score series over every
    visit on record (linked histories included) and the links staff made by hand."""

    visit_id: uuid.UUID
    visits: int
    series: list[ScoreSeries]
    links: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)


def patient_history(store: Store, visit_id: uuid.UUID, library: FormLibrary, *, actor: str) -> PatientHistory:
    """The history of the patient of ``visit_id``; the reads are audited."""
    submission = store.get(visit_id, actor=actor)
    visits = store.history(submission, actor=actor)
    return PatientHistory(visit_id, len(visits), build_series(visits, library), store.history_links_of(submission))
