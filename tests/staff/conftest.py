"""A real store (SQLite file in tmp_path) with a staff service over it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffService
from kiosk.store import Store
from kiosk.store.tables import audit_log


class Clock:
    """A hand-moved clock so lockout tests do not sleep."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def staff_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", key=None, db_url=None)


@pytest.fixture
def store(staff_settings: Settings) -> Iterator[Store]:
    with Store.open(staff_settings) as opened:
        yield opened


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def staff(store: Store, clock: Clock) -> StaffService:
    return StaffService(store, PinHasher(store.pepper()), clock)


def audit_actions(store: Store) -> list[tuple[str, str]]:
    """(actor, action) of every audit row, oldest first."""
    with store.engine.begin() as conn:
        rows = conn.execute(sa.select(audit_log.c.actor, audit_log.c.action).order_by(audit_log.c.id)).all()
    return [(r.actor, r.action) for r in rows]
