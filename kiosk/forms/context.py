"""What a form's conditions may know beyond its own answers: the visit's other forms and its day.

USAUDIT item 3 and the AUDIT-C cut-offs depend on the check-in's sex at birth and on the
patient's age, so conditions can name another form's item (``form:``) and read a date of
birth as an age (``as_age:``). The visit supplies this context; without it such conditions
are false and a form falls back to its default (more cautious) wording and bands.

The visit's time and the clinic's rules (licences, fasting hours) ride along too, for
``hours_since`` conditions such as the fasting rule; without a time those are false.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.forms.model import Answer
from kiosk.forms.rules import ClinicRules


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` (a birthday counts from that day on)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class VisitContext:
    """Answers of every form of one visit (by form id), the visit's date and time, and the
    clinic's rules.

    ``at`` None (e.g. scoring answers with no visit) makes every ``hours_since`` condition
    false; ``today`` None makes every ``as_age`` condition false.
    """

    answers: Mapping[str, Mapping[str, Answer]] = field(default_factory=dict)
    today: dt.date | None = None
    at: dt.datetime | None = None
    rules: ClinicRules = field(default_factory=ClinicRules)
    last_visit: dt.date | None = None
    """The day of the patient's previous visit, as the store knows it (None: unknown or
    none); a form's recall window may run from it ("in the 12 days since your last visit")."""

    def answer(self, form_id: str, item_id: str) -> Answer:
        """Another form's answer, or None when that form or item was not answered."""
        return self.answers.get(form_id, {}).get(item_id)

    def age(self, value: Answer) -> int | None:
        """The age in whole years on the visit day for a date answer (None if not a date)."""
        if self.today is None or not isinstance(value, str):
            return None
        try:
            born = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
        return age_on(born, self.today) if born <= self.today else None


NO_CONTEXT = VisitContext()
"""A form scored on its own (e.g. ``kiosk forms score``): cross-form conditions are false."""
