"""Kiosk heartbeats: each kiosk says every 15 s that it is alive and what it is waiting on.

No patient data: a kiosk id, the app version, counts, the printer's state, the time of the
last submit and which kind of screen is up. A kiosk that cannot reach the database cannot
write its heartbeat either, so the desk shows it offline — "visits may be waiting there" —
and a person goes to look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import Engine

from kiosk.store.tables import heartbeats

EVERY_S = 15
OFFLINE_AFTER = dt.timedelta(seconds=60)
Screen = Literal["slides", "visit", "staff"]
PrinterState = Literal["ok", "trouble", "none"]


@dataclass(frozen=True)
class Heartbeat:
    """One kiosk's latest word."""

    kiosk_id: str
    at: dt.datetime
    app_version: str
    spool_depth: int
    print_queue_depth: int
    printer_state: PrinterState
    last_submit_at: dt.datetime | None
    screen: Screen
    problems: str = ""  # names of failing health checks, comma-separated


@dataclass(frozen=True)
class KioskStatus:
    """What the desk's strip and ``kiosk fleet`` show for one kiosk."""

    kiosk_id: str
    online: bool
    seen_seconds_ago: int
    screen: str
    spool_depth: int
    print_queue_depth: int
    printer_state: str
    problems: str
    app_version: str
    last_submit_at: str | None

    @property
    def summary(self) -> str:
        """A few words for a person: what, if anything, needs looking at."""
        if not self.online:
            return f"offline — check {self.kiosk_id}: visits may be waiting there"
        notes = []
        if self.spool_depth:
            notes.append(f"{self.spool_depth} visit(s) waiting in its spool")
        if self.printer_state == "trouble" or self.print_queue_depth:
            notes.append("printer trouble")
        if self.problems:
            notes.append(f"failing: {self.problems}")
        return "; ".join(notes) or "online"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary}


def write_heartbeat(engine: Engine, beat: Heartbeat) -> None:
    """Replace this kiosk's row (an upsert on SQLite and PostgreSQL)."""
    values = asdict(beat)
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(heartbeats).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["kiosk_id"], set_={k: statement.excluded[k] for k in values if k != "kiosk_id"})
    with engine.begin() as conn:
        conn.execute(statement)


def fleet_status(engine: Engine, now: dt.datetime | None = None) -> list[KioskStatus]:
    """Every kiosk that ever sent a heartbeat, offline ones first, then by id."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(heartbeats).order_by(heartbeats.c.kiosk_id)).all()
    found = []
    for row in rows:
        age = now - row.at
        found.append(KioskStatus(
            kiosk_id=row.kiosk_id, online=age <= OFFLINE_AFTER, seen_seconds_ago=max(0, int(age.total_seconds())),
            screen=row.screen, spool_depth=row.spool_depth, print_queue_depth=row.print_queue_depth,
            printer_state=row.printer_state, problems=row.problems, app_version=row.app_version,
            last_submit_at=row.last_submit_at.isoformat() if row.last_submit_at else None,
        ))
    return sorted(found, key=lambda s: (s.online, s.kiosk_id))
