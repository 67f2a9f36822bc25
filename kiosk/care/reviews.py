"""When a visit was first reviewed: the one place the day report reads that fact.

Today a review is the desk moving a visit out of "new" (``status.change`` in the audit log;
exporting or printing moves it too, and a staff member did look at it then). Should the
store keep reviews as facts of their own, only this function changes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from sqlalchemy import Connection, func, select

from kiosk.store.tables import audit_log

REVIEW_ACTION = "status.change"


def first_reviewed_at(conn: Connection, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, dt.datetime]:
    """The moment each of ``ids`` was first moved out of "new", for those that were."""
    if not ids:
        return {}
    query = (select(audit_log.c.submission_id, func.min(audit_log.c.at))
             .where(audit_log.c.action == REVIEW_ACTION, audit_log.c.submission_id.in_(list(ids)),
                    audit_log.c.detail.like("new->%"))
             .group_by(audit_log.c.submission_id))
    # min() keeps the column's type, so the times come back aware UTC on every backend
    return {submission_id: at for submission_id, at in conn.execute(query)}
