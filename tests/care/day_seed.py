"""A seeded clinic day whose figures are worked out by hand in the tests.

Visits are built and scored as the kiosk builds them (check-in with an appointment type,
PHQ-9) and stored through the store; reviews go through the store's own status change,
with the audit row's time set to a known delay after the visit (as if staff had
reviewed it then).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Status, Submission
from kiosk.intake.trail import TrailSession
from kiosk.intake.visit import build_submission
from kiosk.store import Store
from kiosk.store.tables import audit_log
from kiosk.store.trail import record_sessions

DAY = dt.date(2026, 11, 24)
PATIENT = {"legal_name": "Zelda Quorra", "date_of_birth": "1971-03-09", "phone": "555-0199"}


def local(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    """A moment of ``day`` on the machine's clock (the clinic's day), as aware UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone().astimezone(dt.timezone.utc)


def checkin(kind: str | None) -> dict[str, Any]:
    answers: dict[str, Any] = {"legal_name": PATIENT["legal_name"], "date_of_birth": PATIENT["date_of_birth"],
                               "sex_at_birth": "female", "phone": PATIENT["phone"],
                               "emergency_contact_name": "Ana Ruiz", "emergency_contact_phone": "555-0100"}
    if kind is not None:
        answers["appointment_type"] = kind
    return answers


def make_visit(library: FormLibrary, at: dt.datetime, kind: str | None, q9: int = 0, q1: int = 0) -> Submission:
    """A check-in of ``kind`` and a PHQ-9 (``q9`` >= 1 raises the critical crisis flag)."""
    phq9 = {f"q{i}": 0 for i in range(1, 10)} | {"q1": q1, "q9": q9}
    visit = {"language": "en", "responses": {"checkin": checkin(kind), "phq9": phq9}}
    return build_submission(library, visit, kiosk_id="lobby-1", now=at)


def review(store: Store, submission: Submission, after_minutes: float) -> None:
    """Mark reviewed by the desk, then date its audit row ``after_minutes`` after the visit."""
    store.set_status(submission.id, Status.reviewed, actor="staff:1")
    at = submission.created_at + dt.timedelta(minutes=after_minutes)
    with store.engine.begin() as conn:  # the audit log refuses updates: rewrite as its owner would not
        _move_audit_time(conn, submission.id, at)


def _move_audit_time(conn: sa.Connection, submission_id: uuid.UUID, at: dt.datetime) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        conn.execute(sa.update(audit_log).where(audit_log.c.submission_id == submission_id,
                                                audit_log.c.action == "status.change").values(at=at))
        conn.execute(sa.text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        return
    conn.execute(sa.text("DROP TRIGGER audit_log_no_update"))
    conn.execute(sa.update(audit_log).where(audit_log.c.submission_id == submission_id,
                                            audit_log.c.action == "status.change").values(at=at))
    conn.execute(sa.text("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                         "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"))


def trail(outcome: str, last: str, seconds: int, screens: tuple[tuple[str, int], ...] = (),
          day: dt.date = DAY) -> TrailSession:
    return TrailSession(day=day, outcome=outcome, last_screen=last, seconds=seconds,  # type: ignore[arg-type]
                        language="en", screens=screens)


def seed_sessions(store: Store, sessions: list[TrailSession]) -> None:
    record_sessions(store.engine, sessions)
