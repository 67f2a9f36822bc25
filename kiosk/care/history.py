"""A patient's trends, read from the store: the one call the PDF, the desk and the CLI share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.care.series import ScoreSeries, build_series
from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import Submission

if TYPE_CHECKING:
    from kiosk.store import Store

PDF_VISITS = 12
"""Page 1 charts the last this many visits of each score."""


def patient_trends(store: Store, submission: Submission, library: FormLibrary, *, actor: str,
                   upto_visit: bool = True) -> list[ScoreSeries]:
    """Every score series of ``submission``'s patient (linked histories included); the read is
    audited. With ``upto_visit`` visits after this one are left out, so a re-printed summary
    of an old visit shows the trend as it stood that day."""
    visits = store.history(submission, actor=actor)
    if upto_visit:
        visits = [v for v in visits if (v.created_at, str(v.id)) <= (submission.created_at, str(submission.id))]
    return build_series(visits, library)
