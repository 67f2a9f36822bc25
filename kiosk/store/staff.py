"""The staff accounts table, as the repository ``kiosk.staff.service`` needs (no PIN logic here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.staff.lockout import LockState
from kiosk.staff.service import StaffMember
from kiosk.store.errors import StoreError
from kiosk.store.tables import staff_accounts

ROLES = ("desk", "admin")


def _member(row: Any) -> StaffMember:
    return StaffMember(
        id=row.id, name=row.name, role=row.role, disabled=row.disabled,
        lock=LockState(failed_count=row.failed_count, lock_count=row.lock_count, locked_until=row.locked_until),
    )


class StaffRepositoryMixin:
    """Create, get, list, disable and lock staff accounts; mixed into Store."""

    engine: Engine

    def staff_add(self, name: str, role: str, pin_hash: str) -> int:
        """A new account's id; StoreError if the name is taken or the role unknown."""
        if role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        try:
            with self.engine.begin() as conn:
                result = conn.execute(staff_accounts.insert().values(
                    name=name, role=role, pin_hash=pin_hash, disabled=False, failed_count=0,
                    lock_count=0, locked_until=None, created_at=dt.datetime.now(dt.timezone.utc),
                ))
                key = result.inserted_primary_key
                assert key is not None
                return int(key[0])
        except IntegrityError:
            raise StoreError(f"a staff member called {name!r} already exists") from None

    def staff_get(self, name: str) -> tuple[StaffMember, str] | None:
        """The account and its PIN hash, None if there is no such name."""
        with self.engine.begin() as conn:
            row = conn.execute(select(staff_accounts).where(staff_accounts.c.name == name)).one_or_none()
        return None if row is None else (_member(row), row.pin_hash)

    def staff_list(self) -> list[StaffMember]:
        """Every account, by name."""
        with self.engine.begin() as conn:
            rows = conn.execute(select(staff_accounts).order_by(staff_accounts.c.name)).all()
        return [_member(r) for r in rows]

    def staff_set_lock(self, staff_id: int, lock: LockState) -> None:
        """Persist failed tries and lockout so they survive a restart."""
        with self.engine.begin() as conn:
            conn.execute(update(staff_accounts).where(staff_accounts.c.id == staff_id).values(
                failed_count=lock.failed_count, lock_count=lock.lock_count, locked_until=lock.locked_until,
            ))

    def staff_set_disabled(self, name: str, disabled: bool) -> bool:
        """False when there is no account by that name."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(staff_accounts).where(staff_accounts.c.name == name).values(disabled=disabled)
            )
        return result.rowcount > 0

    def staff_set_pin_hash(self, staff_id: int, pin_hash: str) -> None:
        """Replace a PIN hash (PIN reset, or re-hashing with new parameters)."""
        with self.engine.begin() as conn:
            conn.execute(update(staff_accounts).where(staff_accounts.c.id == staff_id).values(pin_hash=pin_hash))
