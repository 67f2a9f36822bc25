"""Choosing a visit's protocol: the clinic's fixed one, else the one serving its appointment type.

A clinic that wants one list for everyone sets ``KIOSK_PROTOCOL``; that still wins. Otherwise
the check-in's appointment type picks the protocol naming it; until the type is answered
(or for a folder whose protocols name no types) the default protocol stands, so the check-in,
first in every protocol, is the same whichever is chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from kiosk.care.every import forms_not_asked
from kiosk.forms.coverage import APPOINTMENT_FORM, APPOINTMENT_ITEM
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import Answer, VisitProtocol
from kiosk.intake.plan import PatientHistory, Planner, VisitPlan


def protocol_for(library: FormLibrary, appointment_type: object, fixed: str | None = None) -> VisitProtocol:
    """The protocol of a visit of ``appointment_type`` (``fixed``: the clinic's one list)."""
    if fixed:
        return library.protocol(fixed)
    serving = (p for p in library.protocols.values() if appointment_type in p.appointment_types)
    return next(serving, None) or library.protocol()


def planner(library: FormLibrary, fixed: str | None = None) -> Planner:
    """The plan of a visit as its answers and the patient's history stand."""

    def plan(answers: Mapping[str, Mapping[str, Answer]], history: PatientHistory | None,
             today: dt.date) -> VisitPlan:
        kind = answers.get(APPOINTMENT_FORM, {}).get(APPOINTMENT_ITEM)
        protocol = protocol_for(library, kind, fixed)
        return VisitPlan(protocol, forms_not_asked(protocol, history, today))

    return plan
