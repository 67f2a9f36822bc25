"""The staff accounts table, as the repository ``kiosk.staff.service`` needs (no PIN logic here)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.staff.lockout import LockState
from kiosk.staff.service import LockPlan, StaffMember
from kiosk.store.errors import StoreError
from kiosk.store.refusals import database
from kiosk.store.tables import signin_sources, staff_accounts

T = TypeVar("T", bound=LockPlan)

ROLES = ("desk", "admin")


def _lock(row: Any) -> LockState:
    return LockState(failed_count=row.failed_count, lock_count=row.lock_count, locked_until=row.locked_until)


def _member(row: Any) -> StaffMember:
    return StaffMember(
        id=row.id, name=row.name, role=row.role, disabled=row.disabled,
        lock=_lock(row),
    )


def _lock_values(lock: LockState) -> dict[str, Any]:
    return {"failed_count": lock.failed_count, "lock_count": lock.lock_count, "locked_until": lock.locked_until}


def _source_row(conn: Connection, source: str) -> LockState:
    """The source's row, created if new, locked until the transaction ends (SQLite: BEGIN IMMEDIATE)."""
    # the dialect's own module, imported when used: PostgreSQL's package (3 MB resident) has
    # no business in a SQLite kiosk
    dialect = importlib.import_module(f"sqlalchemy.dialects.{'postgresql' if conn.dialect.name == 'postgresql' else 'sqlite'}")
    conn.execute(dialect.insert(signin_sources).values(source=source, **_lock_values(LockState()))
                 .on_conflict_do_nothing(index_elements=["source"]))
    row = conn.execute(select(signin_sources).where(signin_sources.c.source == source).with_for_update()).one()
    return _lock(row)


class StaffRepositoryMixin:
    """Create, get, list, disable and lock staff accounts; mixed into Store."""

    engine: Engine

    def staff_add(self, name: str, role: str, pin_hash: str) -> int:
        """A new account's id; StoreError if the name is taken or the role unknown."""
        if role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        try:
            with database("adding a staff account"), self.engine.begin() as conn:
                result = conn.execute(staff_accounts.insert().values(
                    name=name, role=role, pin_hash=pin_hash, disabled=False, failed_count=0,
                    lock_count=0, locked_until=None, created_at=dt.datetime.now(dt.timezone.utc),
                ))
                key = result.inserted_primary_key
                assert key is not None
                return int(key[0])
        except IntegrityError:
            raise StoreError("a staff member with that name already exists") from None

    def staff_get(self, name: str) -> tuple[StaffMember, str] | None:
        """The account and its PIN hash, None if there is no such name."""
        with database("reading staff accounts"), self.engine.begin() as conn:
            row = conn.execute(select(staff_accounts).where(staff_accounts.c.name == name)).one_or_none()
        return None if row is None else (_member(row), row.pin_hash)

    def staff_list(self) -> list[StaffMember]:
        """Every account, by name."""
        with database("reading staff accounts"), self.engine.begin() as conn:
            rows = conn.execute(select(staff_accounts).order_by(staff_accounts.c.name)).all()
        return [_member(r) for r in rows]

    def staff_set_lock(self, staff_id: int, lock: LockState) -> None:
        """Persist failed tries and lockout so they survive a restart."""
        with database("saving a staff lock"), self.engine.begin() as conn:
            conn.execute(update(staff_accounts).where(staff_accounts.c.id == staff_id).values(**_lock_values(lock)))

    def staff_locked_update(
        self, name: str, source: str, plan: Callable[[tuple[StaffMember, str] | None, LockState], T]
    ) -> T:
        """Read the account and the source's lock, write back what ``plan`` decides, in one transaction.

        The rows stay locked from the read to the write (PostgreSQL ``SELECT … FOR UPDATE``,
        SQLite's ``BEGIN IMMEDIATE``), so parallel sign-ins on any number of processes see
        each other's counts: none can slip between another's read and write.
        """
        with database("checking a staff sign-in"), self.engine.begin() as conn:
            source_lock = _source_row(conn, source)  # always first: one lock order, no deadlock
            row = conn.execute(
                select(staff_accounts).where(staff_accounts.c.name == name).with_for_update()
            ).one_or_none()
            decided = plan(None if row is None else (_member(row), row.pin_hash), source_lock)
            if row is not None and decided.account_lock is not None:
                conn.execute(update(staff_accounts).where(staff_accounts.c.id == row.id)
                             .values(**_lock_values(decided.account_lock)))
            if decided.source_lock != source_lock:
                conn.execute(update(signin_sources).where(signin_sources.c.source == source)
                             .values(**_lock_values(decided.source_lock)))
        return decided

    def staff_set_disabled(self, name: str, disabled: bool) -> bool:
        """False when there is no account by that name."""
        with database("disabling a staff account"), self.engine.begin() as conn:
            result = conn.execute(
                update(staff_accounts).where(staff_accounts.c.name == name).values(disabled=disabled)
            )
        return result.rowcount > 0

    def staff_set_pin_hash(self, staff_id: int, pin_hash: str) -> None:
        """Replace a PIN hash (PIN reset, or re-hashing with new parameters)."""
        with database("saving a PIN"), self.engine.begin() as conn:
            conn.execute(update(staff_accounts).where(staff_accounts.c.id == staff_id).values(pin_hash=pin_hash))
