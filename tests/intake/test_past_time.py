"""The submission time given from outside: date, time and offset, not in the future."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.intake.past_time import parse_past_time

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-04T07:00:00-05:00", dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.timezone.utc)),
    ("2026-03-04T12:04:00Z", dt.datetime(2026, 3, 4, 12, 4, tzinfo=dt.timezone.utc)),  # clocks differ a little
    ("2019-12-31T23:59:59.5+01:00", dt.datetime(2019, 12, 31, 22, 59, 59, 500000, tzinfo=dt.timezone.utc)),
])
def test_a_past_moment_with_its_offset_is_taken(text: str, expected: dt.datetime) -> None:
    assert parse_past_time(text, NOW) == expected


@pytest.mark.parametrize(("value", "reason"), [
    ("2026-03-04T12:06:00Z", "is in the future"),
    ("2026-03-04T09:00:00", "has no offset"),
    ("2026-03-04", "must be a date and time with its offset"),
    ("2026-13-04T09:00:00Z", "is not an ISO 8601 date and time"),
    (20260304, "must be a date and time with its offset"),
])
def test_anything_else_is_refused_with_the_reason(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_past_time(value, NOW)
