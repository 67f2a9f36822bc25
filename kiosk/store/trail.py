"""Storing and reading the anonymous session trail (no patient data, no answers, no visit ids).

A session is one row dated by the clinic's local day: written ``open`` when it starts (with
the kiosk it runs on in ``open_on``, so that kiosk alone can later call it ``interrupted``),
updated as it goes, and closed when it ends (``open_on`` then cleared: a finished row names no
kiosk). The seconds it spent per screen are added to per-day totals when it ends instead of
being kept per session, so the path one patient took through the skip logic is never on disk.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from kiosk.intake.trail import OPEN, TrailSession
from kiosk.store.tables import screen_time, session_trail

INTERRUPTED = "interrupted"

SCREEN_NAME_MAX = 160


@dataclass(frozen=True)
class ScreenTime:
    """How often a screen was shown on a day, and the seconds spent on it in all."""

    screen: str
    views: int
    seconds: int


def record_sessions(engine: Engine, sessions: Sequence[TrailSession], kiosk_id: str | None = None) -> None:
    """Store sessions in one transaction, each replacing its own earlier ``open`` row (raises
    SQLAlchemyError if the database refuses). ``kiosk_id`` marks the open rows as this kiosk's."""
    if not sessions:
        return
    latest: dict[str, TrailSession] = {}
    for session in sessions:  # a batch may hold a session's snapshots and its end: the last counts
        latest[session.key or uuid.uuid4().hex] = session
    with engine.begin() as conn:
        for key, session in latest.items():
            _upsert(conn, _row(key, session, kiosk_id))
        ended = [s for s in latest.values() if s.outcome != OPEN]
        for (day, screen), (views, seconds) in _screen_totals(ended).items():
            _add_screen_time(conn, day, screen, views, seconds)


def interrupt_open_sessions(engine: Engine, kiosk_id: str) -> int:
    """Sessions this kiosk left ``open`` (it crashed or was killed under them) become
    ``interrupted``; call at start, before this run writes any. Returns how many."""
    with engine.begin() as conn:
        done = conn.execute(sa.update(session_trail)
                            .where(session_trail.c.outcome == OPEN, session_trail.c.open_on == kiosk_id)
                            .values(outcome=INTERRUPTED, open_on=None))
    return int(done.rowcount or 0)


def _row(key: str, session: TrailSession, kiosk_id: str | None) -> dict[str, Any]:
    # a random id: an increasing one would put the rows in the order visits were stored
    return {"id": uuid.UUID(hex=key), "day": session.day, "language": session.language, "outcome": session.outcome,
            "last_screen": session.last_screen[:SCREEN_NAME_MAX], "seconds": max(0, session.seconds),
            "open_on": kiosk_id if session.outcome == OPEN else None}


def _insert(conn: Connection) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert


def _upsert(conn: Connection, row: dict[str, Any]) -> None:
    statement = _insert(conn)(session_trail).values(**row)
    changed = {name: statement.excluded[name] for name in row if name != "id"}
    conn.execute(statement.on_conflict_do_update(index_elements=["id"], set_=changed))


def _screen_totals(sessions: Iterable[TrailSession]) -> dict[tuple[dt.date, str], tuple[int, int]]:
    totals: dict[tuple[dt.date, str], tuple[int, int]] = {}
    for session in sessions:
        for screen, seconds in session.screens:
            key = (session.day, screen[:SCREEN_NAME_MAX])
            views, total = totals.get(key, (0, 0))
            totals[key] = (views + 1, total + max(0, seconds))
    return totals


def _add_screen_time(conn: Connection, day: dt.date, screen: str, views: int, seconds: int) -> None:
    statement = _insert(conn)(screen_time).values(day=day, screen=screen, views=views, seconds=seconds)
    conn.execute(statement.on_conflict_do_update(
        index_elements=["day", "screen"],
        set_={"views": screen_time.c.views + statement.excluded.views,
              "seconds": screen_time.c.seconds + statement.excluded.seconds},
    ))


def sessions_of_day(conn: Connection, day: dt.date) -> list[TrailSession]:
    """Every stored session of ``day`` (without screens: those are only kept as day totals)."""
    rows = conn.execute(sa.select(session_trail).where(session_trail.c.day == day))
    return [TrailSession(day=r.day, outcome=r.outcome, last_screen=r.last_screen, seconds=r.seconds,
                         language=r.language) for r in rows]


def screen_times_of_day(conn: Connection, day: dt.date) -> list[ScreenTime]:
    """The day's totals per screen, in screen order."""
    rows = conn.execute(sa.select(screen_time).where(screen_time.c.day == day).order_by(screen_time.c.screen))
    return [ScreenTime(r.screen, r.views, r.seconds) for r in rows]
