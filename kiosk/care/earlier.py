"""A patient's earlier visits as the every-N-days rule and recall windows need them (no Qt).

Found through the store's blind index of name and date of birth (``Store.find``, which
records the look-up in the audit log). Only visits before the current one count, and only
forms the patient actually answered: a form left out by the every-N-days rule does not
restart its own clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from kiosk.forms.recall import local_day
from kiosk.intake.plan import PatientHistory
from kiosk.intake.submission import Patient, Submission
from kiosk.intake.visit import LastVisit


class Finder(Protocol):
    """The part of the store a look-up needs."""

    def find(self, legal_name: str, date_of_birth: dt.date, *, actor: str) -> list[Submission]: ...


def history_of(visits: Iterable[Submission], before: dt.datetime) -> PatientHistory:
    """The last visit day and each form's last answered day, from visits before ``before``."""
    last: dt.date | None = None
    answered: dict[str, dt.date] = {}
    for visit in visits:
        if visit.created_at >= before:
            continue
        day = local_day(visit.created_at)
        last = max(last, day) if last else day
        for form_id, response in visit.responses.items():
            if response.answers:
                answered[form_id] = max(answered.get(form_id, day), day)
    return PatientHistory(last_visit=last, answered=answered)


def look_up(store: Finder, legal_name: str, date_of_birth: dt.date, *, before: dt.datetime,
            actor: str = "kiosk") -> PatientHistory:
    """The patient's history before ``before`` (the store's errors propagate: the caller asks
    every form when it cannot know)."""
    return history_of(store.find(legal_name, date_of_birth, actor=actor), before)


def last_visit_finder(store: Finder, *, actor: str) -> LastVisit:
    """``build_submission``'s ``last_visit_of`` over ``store``: ``kiosk submit`` and FHIR import
    then count a recall window ("since your last visit, at most 30 days") from the visit's
    own time exactly as the kiosk does at check-in."""

    def last_visit(patient: Patient, at: dt.datetime) -> dt.date | None:
        return look_up(store, patient.legal_name, patient.date_of_birth, before=at, actor=actor).last_visit

    return last_visit
