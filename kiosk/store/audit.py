"""The append-only audit log: each row carries the hash of the one before it.

Rows say who did what to which submission id, never patient data. Editing or deleting
any row breaks the chain; the head row catches the newest rows being cut off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid

from sqlalchemy import Connection, select, update

from kiosk.store.tables import GENESIS_HASH, audit_head, audit_log

UTC = dt.timezone.utc


def chain_hash(
    row_id: int, at: dt.datetime, actor: str, action: str,
    submission_id: uuid.UUID | None, detail: str, prev_hash: str,
) -> str:
    """The hash stored on a row, over its content and the previous row's hash."""
    fields = [row_id, at.astimezone(UTC).isoformat(), actor, action,
              str(submission_id) if submission_id else None, detail, prev_hash]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def append(
    conn: Connection, actor: str, action: str,
    submission_id: uuid.UUID | None = None, detail: str = "",
) -> None:
    """Add one entry inside the caller's transaction (which must be able to write)."""
    # Row lock on PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers.
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).one()
    row_id = head.last_id + 1
    at = dt.datetime.now(UTC)
    digest = chain_hash(row_id, at, actor, action, submission_id, detail, head.last_hash)
    conn.execute(audit_log.insert().values(
        id=row_id, at=at, actor=actor, action=action, submission_id=submission_id,
        detail=detail, prev_hash=head.last_hash, hash=digest,
    ))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_id=row_id, last_hash=digest))


def verify(conn: Connection) -> tuple[int, list[str]]:
    """``(rows checked, problems)``; no problems means no row was edited, removed or inserted."""
    problems: list[str] = []
    expected_id, prev = 1, GENESIS_HASH
    count = 0
    rows = conn.execution_options(yield_per=1000).execute(select(audit_log).order_by(audit_log.c.id))
    for row in rows:
        count += 1
        if row.id != expected_id:
            problems.append(f"row {row.id}: expected row {expected_id} (rows {expected_id}..{row.id - 1} missing)")
        if row.prev_hash != prev:
            problems.append(f"row {row.id}: does not follow the row before it (a row was removed or changed)")
        digest = chain_hash(row.id, row.at, row.actor, row.action, row.submission_id, row.detail, row.prev_hash)
        if digest != row.hash:
            problems.append(f"row {row.id}: content does not match its hash (edited)")
        expected_id, prev = row.id + 1, row.hash
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).one_or_none()
    if head is None:
        problems.append("the audit head row is missing")
    elif head.last_id != expected_id - 1 or head.last_hash != prev:
        problems.append(f"the log ends at row {expected_id - 1} but {head.last_id} were written (newest rows removed)")
    return count, problems
