"""When a visit was first reviewed: the one place the day report reads that fact.

A review is its own fact on the visit's row (``reviewed_by``/``reviewed_at``, revision 0007):
exporting or printing no longer counts as one. A review carried over from before 0007 may
have no time; it counts as reviewed but gives no time to review.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from sqlalchemy import Connection, select

from kiosk.store.tables import submissions


def first_reviewed_at(conn: Connection, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, dt.datetime | None]:
    """When each of ``ids`` that was reviewed was first reviewed (None: reviewed, time unknown)."""
    if not ids:
        return {}
    query = (select(submissions.c.id, submissions.c.reviewed_at)
             .where(submissions.c.id.in_(list(ids)), submissions.c.reviewed_by.is_not(None)))
    return {submission_id: at for submission_id, at in conn.execute(query)}
