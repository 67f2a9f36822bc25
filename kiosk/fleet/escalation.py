"""Escalation: a critical flag nobody marked reviewed in time re-alerts every desk and tells
people outside the app, until delivered or acknowledged — and every step is audited.

Every kiosk and desk process may run ``escalate_once``; a row in ``escalations`` is
claimed with a conditional write (INSERT … ON CONFLICT DO NOTHING, then UPDATE … WHERE
last_attempt_at = the time we read), so several processes never send the same notice twice.
Retries back off (1, 2, 4 … 30 minutes) until every configured channel took it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from kiosk.fleet.channels import ChannelError, Notice, configured_channels
from kiosk.forms.scoring import RaisedFlag
from kiosk.intake.handling import Handling, Step
from kiosk.intake.submission import SEVERITY_RANK
from kiosk.ops.logs import event
from kiosk.settings import Settings
from kiosk.store.handling import done_by
from kiosk.store.tables import escalations, submissions

log = logging.getLogger(__name__)
ACTOR = "system:escalation"
Channel = Callable[[Settings, Notice], None]


@dataclass(frozen=True)
class EscalationResult:
    """One visit escalated in this run: which channels took the notice, which did not and why."""

    submission_id: uuid.UUID
    delivered: tuple[str, ...]
    failed: tuple[str, ...]


def retry_after(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(30, 2 ** max(0, attempts - 1)))


def _dialect_insert(conn: sa.Connection) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert


def _claim(conn: sa.Connection, submission_id: uuid.UUID, now: dt.datetime,
           wanted: set[str]) -> set[str] | None:
    """The channels still to try if this process now owns the next attempt, else None."""
    insert = _dialect_insert(conn)
    created = conn.execute(insert(escalations).values(
        submission_id=submission_id, first_at=now, last_attempt_at=now, attempts=1, delivered="",
    ).on_conflict_do_nothing(index_elements=["submission_id"]).returning(escalations.c.submission_id))
    if created.first() is not None:  # RETURNING, not rowcount: psycopg reports -1 for this insert
        return wanted
    row = conn.execute(sa.select(escalations).where(escalations.c.submission_id == submission_id)).one()
    done = {c for c in row.delivered.split(",") if c}
    if row.acknowledged_at is not None or not (wanted - done) or now < row.last_attempt_at + retry_after(row.attempts):
        return None
    claimed = conn.execute(sa.update(escalations).where(
        escalations.c.submission_id == submission_id, escalations.c.last_attempt_at == row.last_attempt_at,
    ).values(last_attempt_at=now, attempts=row.attempts + 1))
    return wanted - done if claimed.rowcount == 1 else None


def overdue(conn: sa.Connection, now: dt.datetime, after: dt.timedelta) -> list[Any]:
    """Critical visits nobody reviewed within ``after``, whose escalation is not acknowledged."""
    acknowledged = sa.select(escalations.c.submission_id).where(escalations.c.acknowledged_at.is_not(None))
    return list(conn.execute(
        sa.select(submissions.c.id, submissions.c.created_at, submissions.c.kiosk_id)
        .where(submissions.c.severity_rank >= SEVERITY_RANK["critical"],
               done_by(Step.reviewed).is_(None),  # printing or exporting is not a review
               submissions.c.created_at <= now - after,
               submissions.c.id.not_in(acknowledged))
        .order_by(submissions.c.created_at)
    ).all())


def escalate_once(store: Any, settings: Settings, now: dt.datetime | None = None,
                  channels: Mapping[str, Channel] | None = None) -> list[EscalationResult]:
    """Send what is due now; blocking (a worker, or ``kiosk escalate``)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    channels = dict(configured_channels(settings) if channels is None else channels)
    after = dt.timedelta(seconds=settings.escalate_after)
    results = []
    with store.engine.connect() as conn:
        due = overdue(conn, now, after)
    for row in due:
        with store.engine.begin() as conn:
            todo = _claim(conn, row.id, now, set(channels) or {"desk"})
        if todo is None:
            continue
        notice = Notice(reference=str(row.id)[:8], kiosk=row.kiosk_id,
                        at=row.created_at.astimezone().strftime("%H:%M"), category=_category(store, row.id),
                        waited_minutes=int((now - row.created_at).total_seconds() // 60))
        delivered, failed = [], []
        for name in sorted(todo):
            if name == "desk":  # nothing outside the app is configured: the desks' re-alert is all
                delivered.append(name)
                continue
            try:
                channels[name](settings, notice)
            except ChannelError as exc:
                failed.append(name)
                log.warning("escalation via %s failed: %s", name, type(exc).__name__)
            else:
                delivered.append(name)
        with store.engine.begin() as conn:
            done = conn.execute(sa.select(escalations.c.delivered)
                                .where(escalations.c.submission_id == row.id)).scalar() or ""
            merged = sorted({c for c in done.split(",") if c} | set(delivered))
            conn.execute(sa.update(escalations).where(escalations.c.submission_id == row.id)
                         .values(delivered=",".join(merged)))
        store.audit(ACTOR, "escalation.sent", row.id,
                    f"delivered:{','.join(delivered) or '-'} failed:{','.join(failed) or '-'}")
        event(log, "escalated", delivered=len(delivered), failed=len(failed))
        results.append(EscalationResult(row.id, tuple(delivered), tuple(failed)))
    return results


def _category(store: Any, submission_id: uuid.UUID) -> str:
    """The first critical flag's category ('crisis' suicide risk, 'infusion' hold, 'clinical'),
    else 'critical'."""
    submission = store.get(submission_id, actor=ACTOR)
    flags: list[RaisedFlag] = submission.flags
    for flag in flags:
        if flag.severity == "critical":
            return flag.category
    return "critical"


def acknowledge(store: Any, submission_id: uuid.UUID, actor: str, now: dt.datetime | None = None) -> bool:
    """Staff have seen it (marking the visit reviewed does this); True when it was escalated."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as conn:
        done = conn.execute(sa.update(escalations).where(
            escalations.c.submission_id == submission_id, escalations.c.acknowledged_at.is_(None),
        ).values(acknowledged_at=now, acknowledged_by=actor[:100]))
    if done.rowcount:
        store.audit(actor, "escalation.ack", submission_id)
    return bool(done.rowcount)


def review(store: Any, submission_id: uuid.UUID, actor: str) -> Handling:
    """Mark a visit reviewed (the first review stands) and acknowledge its escalation: a reviewed
    visit needs none. The desk's button and ``kiosk review`` both come here."""
    handling: Handling = store.record(submission_id, Step.reviewed, actor=actor, action="review")
    acknowledge(store, submission_id, actor)
    return handling


def open_escalations(store: Any) -> list[tuple[uuid.UUID, dt.datetime, str]]:
    """Escalated visits nobody acknowledged: (id, when escalated, kiosk) for the desks' banner."""
    query = (sa.select(escalations.c.submission_id, escalations.c.first_at, submissions.c.kiosk_id)
             .join(submissions, submissions.c.id == escalations.c.submission_id)
             .where(escalations.c.acknowledged_at.is_(None)).order_by(escalations.c.first_at))
    with store.engine.connect() as conn:
        return [(r.submission_id, r.first_at, r.kiosk_id) for r in conn.execute(query).all()]


def kiosk_escalations(store: Any | None, settings: Settings) -> list[tuple[uuid.UUID, dt.datetime, str]]:
    """What a kiosk runs: escalate what is due (it shows no banner itself: that is the desks')."""
    if store is not None:
        escalate_once(store, settings)
    return []
