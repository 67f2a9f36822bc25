"""The every-N-days rule: a form the patient answered recently is not asked again.

The one-year alcohol screen (USAUDIT) asked at every weekly infusion would be noise; the
protocol says ``at_most_every_days: {usaudit: 365}``. Only a history the store actually
returned can leave a form out: while it is unknown (not looked up yet, store unreachable)
every form is asked, never skipped on doubt.
"""

from __future__ import annotations

import datetime as dt

from kiosk.forms.model import VisitProtocol
from kiosk.intake.plan import FormNotAsked, PatientHistory


def forms_not_asked(
    protocol: VisitProtocol, history: PatientHistory | None, today: dt.date
) -> tuple[FormNotAsked, ...]:
    """The protocol's forms answered fewer than their N days before ``today``."""
    if history is None:
        return ()
    left_out = []
    for form_id, every in protocol.at_most_every_days.items():
        answered = history.answered.get(form_id)
        if answered is not None and 0 <= (today - answered).days < every:
            left_out.append(FormNotAsked(form=form_id, answered_on=answered, every_days=every))
    return tuple(left_out)
