"""Staff accounts and sign-in: PIN checks, lockout and audit, over the store's staff table."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from kiosk.staff.lockout import LockState, is_locked, lock_remaining, register_failure, register_success
from kiosk.staff.pins import PinHasher, check_pin_format

Role = Literal["desk", "admin"]


class StaffMember(BaseModel):
    """A staff account as the sign-in sees it (the PIN hash never leaves the service)."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    role: Role
    disabled: bool
    lock: LockState


class StaffRepository(Protocol):
    """What the service needs from the store (implemented in kiosk.store)."""

    def staff_add(self, name: str, role: str, pin_hash: str) -> int: ...
    def staff_get(self, name: str) -> tuple[StaffMember, str] | None: ...
    def staff_list(self) -> list[StaffMember]: ...
    def staff_set_lock(self, staff_id: int, lock: LockState) -> None: ...
    def staff_set_disabled(self, name: str, disabled: bool) -> bool: ...
    def audit(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None: ...


class SignInError(Exception):
    """Sign-in refused; the message is safe to show at the kiosk (no hint which part was wrong)."""


class AccountLocked(SignInError):
    def __init__(self, remaining: dt.timedelta) -> None:
        minutes = max(1, round(remaining.total_seconds() / 60))
        super().__init__(f"Too many wrong PINs. This account is locked for {minutes} more minute(s).")
        self.remaining = remaining


class StaffService:
    """Adds, lists and disables staff, and checks PINs with lockout and audit."""

    def __init__(
        self,
        repo: StaffRepository,
        hasher: PinHasher,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
    ) -> None:
        self._repo = repo
        self._hasher = hasher
        self._clock = clock

    def add(self, name: str, pin: str, role: Role = "desk", *, actor: str = "cli") -> int:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a staff member needs a name")
        if self._repo.staff_get(name) is not None:
            raise ValueError(f"a staff member called {name!r} already exists")
        check_pin_format(pin)
        staff_id = self._repo.staff_add(name, role, self._hasher.hash(pin))
        self._repo.audit(actor, "staff.add", detail=f"staff:{staff_id} role:{role}")
        return staff_id

    def members(self) -> list[StaffMember]:
        return self._repo.staff_list()

    def active_names(self) -> list[str]:
        return [m.name for m in self._repo.staff_list() if not m.disabled]

    def disable(self, name: str, *, actor: str = "cli") -> None:
        if not self._repo.staff_set_disabled(name, True):
            raise ValueError(f"no staff member called {name!r}")
        self._repo.audit(actor, "staff.disable", detail=f"name:{name}")

    def sign_in(self, name: str, pin: str) -> StaffMember:
        """The member when the PIN is right; SignInError (or AccountLocked) otherwise."""
        found = self._repo.staff_get(name)
        if found is None or found[0].disabled:
            self._repo.audit("unknown", "staff.login_failed", detail="unknown or disabled account")
            raise SignInError("That name and PIN do not match.")
        member, pin_hash = found
        now = self._clock()
        if is_locked(member.lock, now):
            self._repo.audit(f"staff:{member.id}", "staff.login_refused_locked")
            raise AccountLocked(lock_remaining(member.lock, now))
        if not self._hasher.verify(pin_hash, pin):
            lock = register_failure(member.lock, now)
            self._repo.staff_set_lock(member.id, lock)
            self._repo.audit(f"staff:{member.id}", "staff.login_failed", detail=f"failures:{lock.failed_count}")
            if is_locked(lock, now):
                raise AccountLocked(lock_remaining(lock, now))
            raise SignInError("That name and PIN do not match.")
        self._repo.staff_set_lock(member.id, register_success(member.lock))
        self._repo.audit(f"staff:{member.id}", "staff.login")
        return member.model_copy(update={"lock": LockState()})
