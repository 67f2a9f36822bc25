"""A seeded clinic day whose figures are worked out by hand in the tests.

Visits are built and scored as the kiosk builds them (check-in with an appointment type,
PHQ-9) and stored through the store; reviews go through the desk's own ``review``, then
the review's time is set to a known delay after the visit (as if staff had reviewed it then).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from kiosk.forms import FormLibrary
from kiosk.fleet.escalation import review as review_now
from kiosk.intake.submission import Submission
from kiosk.intake.trail import TrailSession
from kiosk.intake.visit import build_submission
from kiosk.store import Store
from kiosk.store.tables import submissions
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
    """Mark reviewed as the desk does, then set the fact's time ``after_minutes`` after the visit."""
    review_now(store, submission.id, "staff:1")
    with store.engine.begin() as conn:
        conn.execute(sa.update(submissions).where(submissions.c.id == submission.id).values(
            reviewed_at=submission.created_at + dt.timedelta(minutes=after_minutes)))


def trail(outcome: str, last: str, seconds: int, screens: tuple[tuple[str, int], ...] = (),
          day: dt.date = DAY) -> TrailSession:
    return TrailSession(day=day, outcome=outcome, last_screen=last, seconds=seconds,  # type: ignore[arg-type]
                        language="en", screens=screens)


def seed_sessions(store: Store, sessions: list[TrailSession]) -> None:
    record_sessions(store.engine, sessions)
