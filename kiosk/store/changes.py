"""Announcing a change to the queue inside the writing transaction (PostgreSQL NOTIFY).

The payload is the submission id only, never patient data; PostgreSQL delivers it when
the transaction commits. SQLite needs nothing here: desks watch ``PRAGMA data_version``
(see kiosk.fleet.push).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

CHANNEL = "kiosk_queue"


def announce(conn: Connection, submission_ids: list[str]) -> None:
    if conn.dialect.name != "postgresql":
        return
    for submission_id in submission_ids:
        conn.execute(text("SELECT pg_notify(:channel, :id)"), {"channel": CHANNEL, "id": submission_id})
