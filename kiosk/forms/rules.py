"""What a clinic decides outside the form files: licensed forms and its fasting rule.

Forms say *what* to compare (``hours_since: last_food_time``, ``setting:
fasting_food_hours``); the clinic's settings say the numbers, so one bundled safety screen
serves clinics with different anaesthesia rules. Plain data, no Qt, no settings import:
``kiosk.settings`` builds one of these from ``KIOSK_*``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models are not needed to hold the rules (kiosk.settings imports this)
    from kiosk.forms.model import ClinicLimit

DEFAULT_FASTING_FOOD_HOURS = 6.0
"""ASA practice guidelines for preoperative fasting (2017; 2023 update): a light meal 6 h
before sedation or anaesthesia."""

DEFAULT_FASTING_CLEAR_HOURS = 2.0
"""ASA practice guidelines for preoperative fasting: clear liquids up to 2 h before."""

LICENSED_FORMS_SETTING = "KIOSK_LICENSED_FORMS"
"""The setting that lists forms the clinic holds a licence for (named in load errors)."""


@dataclass(frozen=True)
class ClinicRules:
    """The clinic's choices the forms engine needs: licences held and the fasting rule."""

    licensed_forms: frozenset[str] = field(default_factory=frozenset)
    fasting_food_hours: float = DEFAULT_FASTING_FOOD_HOURS
    fasting_clear_hours: float = DEFAULT_FASTING_CLEAR_HOURS

    def limit(self, name: ClinicLimit) -> float:
        """The number a condition's ``setting`` names."""
        value: float = getattr(self, name)
        return value


def hours_between(answer: str, at: dt.datetime) -> float:
    """Hours from a wall-clock time ``HH:MM`` to ``at`` (in the kiosk's local time).

    The patient answers in local time with no date: a time later in the day than the visit
    is taken as yesterday's (eating at 22:00 before an 08:00 visit is 10 hours earlier).
    """
    local = at.astimezone() if at.tzinfo is not None else at
    hour, minute = (int(part) for part in answer.split(":"))
    then = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if then > local:
        then -= dt.timedelta(days=1)
    return (local - then).total_seconds() / 3600
