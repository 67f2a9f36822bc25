"""When a visit was first reviewed: the one place the day report reads that fact.

A review is its own fact on the visit's row (``reviewed_by``/``reviewed_at``, kiosk.store.
handling): the first reviewer stands. A review carried over from before those facts may have
no time (``reviewed_at`` empty): it counts as reviewed, with no delay to measure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.store.tables import submissions

REVIEW_COLUMNS = (submissions.c.reviewed_by, submissions.c.reviewed_at)
"""The columns ``was_reviewed`` and ``reviewed_at`` read: select them with the visit."""


def was_reviewed(row: Any) -> bool:
    """Whether a staff member has reviewed the visit of ``row``."""
    return row.reviewed_by is not None


def reviewed_at(row: Any) -> dt.datetime | None:
    """When the visit of ``row`` was first reviewed, if that is known."""
    at: dt.datetime | None = row.reviewed_at
    return at if was_reviewed(row) else None
