"""Storing and reading the anonymous session trail (no patient data, no answers, no visit ids).

A session is stored once it ends, as one row dated by the clinic's local day; the seconds it
spent per screen are added to per-day totals instead of being kept per session, so the path
one patient took through the skip logic is never on disk.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from kiosk.intake.trail import TrailSession
from kiosk.store.tables import screen_time, session_trail

SCREEN_NAME_MAX = 160


@dataclass(frozen=True)
class ScreenTime:
    """How often a screen was shown on a day, and the seconds spent on it in all."""

    screen: str
    views: int
    seconds: int


def record_sessions(engine: Engine, sessions: Sequence[TrailSession]) -> None:
    """Store finished sessions in one transaction (raises SQLAlchemyError if the database refuses)."""
    if not sessions:
        return
    with engine.begin() as conn:
        conn.execute(session_trail.insert(), [_row(s) for s in sessions])
        for (day, screen), (views, seconds) in _screen_totals(sessions).items():
            _add_screen_time(conn, day, screen, views, seconds)


def _row(session: TrailSession) -> dict[str, Any]:
    # a random id: an increasing one would put the rows in the order visits were stored
    return {"id": uuid.uuid4(), "day": session.day, "language": session.language, "outcome": session.outcome,
            "last_screen": session.last_screen[:SCREEN_NAME_MAX], "seconds": max(0, session.seconds)}


def _screen_totals(sessions: Iterable[TrailSession]) -> dict[tuple[dt.date, str], tuple[int, int]]:
    totals: dict[tuple[dt.date, str], tuple[int, int]] = {}
    for session in sessions:
        for screen, seconds in session.screens:
            key = (session.day, screen[:SCREEN_NAME_MAX])
            views, total = totals.get(key, (0, 0))
            totals[key] = (views + 1, total + max(0, seconds))
    return totals


def _add_screen_time(conn: Connection, day: dt.date, screen: str, views: int, seconds: int) -> None:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(screen_time).values(day=day, screen=screen, views=views, seconds=seconds)
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
