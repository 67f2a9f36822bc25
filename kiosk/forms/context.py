"""What a form's conditions may know beyond its own answers: the visit's other forms and its day.

USAUDIT item 3 and the AUDIT-C cut-offs depend on the check-in's sex at birth and on the
patient's age, so conditions can name another form's item (``form:``) and read a date of
birth as an age (``as_age:``). The visit supplies this context; without it such conditions
are false and a form falls back to its default (more cautious) wording and bands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.forms.model import Answer


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` (a birthday counts from that day on)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class VisitContext:
    """Answers of every form of one visit (by form id) and the visit's date."""

    answers: Mapping[str, Mapping[str, Answer]] = field(default_factory=dict)
    today: dt.date | None = None

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
