"""A moment a visit was submitted, given from outside (FHIR ``authored``, a paper form's time).

Shared by every path that loads an earlier visit: the time must name its offset (a bare
local time means a different instant on every machine) and must not lie in the future
(a future visit would sit at the top of every queue and outlive the retention purge).
"""

from __future__ import annotations

import datetime as dt

FUTURE_TOLERANCE = dt.timedelta(minutes=5)
"""Clocks of two systems differ a little; a time this far ahead is still taken as now."""


def parse_past_time(value: object, now: dt.datetime) -> dt.datetime:
    """``value`` (ISO 8601 date and time with offset) as an aware datetime; ValueError says why not."""
    if not isinstance(value, str) or "T" not in value:
        raise ValueError("must be a date and time with its offset, e.g. 2026-03-04T09:30:00-05:00")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("is not an ISO 8601 date and time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("has no offset (add Z or e.g. -05:00: a bare time means a different moment on each machine)")
    if moment > now + FUTURE_TOLERANCE:
        raise ValueError("is in the future")
    return moment
