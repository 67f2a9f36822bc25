"""A patient's visits read from the store for trends: the one call the PDF, the desk and the CLI share."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
