"""The append-only audit log: a keyed hash chain (HMAC), anchored outside the database.

Each row carries an HMAC-SHA256, under an audit key derived from a data key the database
does not hold, over its content, its key id and the previous row's MAC. Without the key
nobody can edit, insert or recompute entries; cutting off the newest rows is caught by
the anchors (``kiosk.store.anchor``). Rows say who did what to which submission id,
never patient data.

Rows written before revision 0003 have no key id and keep their plain SHA-256 hash; the
first keyed row's MAC covers the last of them, so they are protected from then on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, update

from kiosk.store import registry
from kiosk.store.anchor import Anchor
from kiosk.store.keys import KeyStore
from kiosk.store.tables import GENESIS_HASH, audit_head, audit_log

UTC = dt.timezone.utc


def _message(row_id: int, at: dt.datetime, actor: str, action: str, submission_id: uuid.UUID | None,
             detail: str, prev_hash: str, *extra: str) -> bytes:
    fields = [row_id, at.astimezone(UTC).isoformat(), actor, action,
              str(submission_id) if submission_id else None, detail, prev_hash, *extra]
    return json.dumps(fields, ensure_ascii=False).encode()


def chain_hash(row_id: int, at: dt.datetime, actor: str, action: str, submission_id: uuid.UUID | None,
               detail: str, prev_hash: str) -> str:
    """The unkeyed hash of a row written before revision 0003 (kept to verify those rows)."""
    return hashlib.sha256(_message(row_id, at, actor, action, submission_id, detail, prev_hash)).hexdigest()


def entry_mac(mac_key: bytes, row_id: int, at: dt.datetime, actor: str, action: str,
              submission_id: uuid.UUID | None, detail: str, prev_hash: str, key_id: str) -> str:
    """The HMAC stored on a row, over its content, its key id and the previous row's MAC."""
    message = _message(row_id, at, actor, action, submission_id, detail, prev_hash, key_id)
    return hmac.new(mac_key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Head:
    """The newest entry a transaction wrote: what gets anchored after it commits."""

    id: int
    key_id: str
    mac: str


def append(
    conn: Connection, keys: KeyStore, actor: str, action: str,
    submission_id: uuid.UUID | None = None, detail: str = "",
) -> Head:
    """Add one entry inside the caller's transaction (which must be able to write)."""
    key_id = registry.current_key(conn, keys)
    # Row lock on PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers.
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1).with_for_update()).one()
    row_id = head.last_id + 1
    at = dt.datetime.now(UTC)
    mac = entry_mac(keys.audit_key(key_id), row_id, at, actor, action, submission_id, detail,
                    head.last_hash, key_id)
    conn.execute(audit_log.insert().values(
        id=row_id, at=at, actor=actor, action=action, submission_id=submission_id,
        detail=detail, prev_hash=head.last_hash, hash=mac, key_id=key_id,
    ))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_id=row_id, last_hash=mac))
    return Head(row_id, key_id, mac)


@dataclass
class AuditReport:
    """What ``verify`` found: ``problems`` in row order, so the first names the first bad row."""

    rows: int = 0
    problems: list[str] = field(default_factory=list)
    unkeyed_until: int = 0  # rows 1..this carry the plain hash of the days before revision 0003
    anchor: Anchor | None = None
    head: Head | None = None

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(conn: Connection, mac_keys: Mapping[str, bytes], anchor: Anchor | None) -> AuditReport:
    """Check every row against its key and the one before it, the head row, and ``anchor``."""
    report = AuditReport(anchor=anchor)
    problems = report.problems
    expected_id, prev = 1, GENESIS_HASH
    last: Head | None = None
    rows = conn.execution_options(yield_per=1000).execute(select(audit_log).order_by(audit_log.c.id))
    for row in rows:
        report.rows += 1
        if row.id != expected_id:
            problems.append(f"row {row.id}: expected row {expected_id} (rows {expected_id}..{row.id - 1} missing)")
        if row.prev_hash != prev:
            problems.append(f"row {row.id}: does not follow the row before it (a row was removed or changed)")
        problems.extend(_check_row(row, mac_keys, report, last))
        if anchor is not None and row.id == anchor.id and row.hash != anchor.mac:
            problems.append(f"row {row.id}: differs from the anchor taken at {anchor.at.isoformat()} (rewritten)")
        expected_id, prev = row.id + 1, row.hash
        last = Head(row.id, row.key_id or "", row.hash)
    report.head = last
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).one_or_none()
    if head is None:
        problems.append("the audit head row is missing")
    elif head.last_id != expected_id - 1 or head.last_hash != prev:
        problems.append(f"the log ends at row {expected_id - 1} but {head.last_id} were written (newest rows removed)")
    if anchor is not None and anchor.id > expected_id - 1:
        problems.append(f"row {expected_id}: missing; the anchor taken at {anchor.at.isoformat()} names row "
                        f"{anchor.id}, but the log ends at row {expected_id - 1} (newest rows removed)")
    return report


def _check_row(row: Any, mac_keys: Mapping[str, bytes], report: AuditReport, last: Head | None) -> list[str]:
    content = (row.id, row.at, row.actor, row.action, row.submission_id, row.detail, row.prev_hash)
    if row.key_id is None:
        if last is not None and last.key_id:
            return [f"row {row.id}: has no key after keyed rows (inserted, or downgraded to a plain hash)"]
        report.unkeyed_until = row.id
        return [] if chain_hash(*content) == row.hash else [f"row {row.id}: content does not match its hash (edited)"]
    mac_key = mac_keys.get(row.key_id)
    if mac_key is None:
        return [f"row {row.id}: signed with key {row.key_id}, which this key store does not have (cannot be checked)"]
    if not hmac.compare_digest(entry_mac(mac_key, *content, row.key_id), row.hash):
        return [f"row {row.id}: content does not match its MAC (edited or forged)"]
    return []
