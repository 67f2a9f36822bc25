"""Staff accounts and sign-in: PIN checks, lockout and audit, over the store's staff table."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from collections.abc import Callable
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from kiosk.staff.lockout import (
    ACCOUNT_RULE,
    SOURCE_RULE,
    LockState,
    is_locked,
    lock_remaining,
    register_failure,
    register_success,
)
from kiosk.staff.names import clean_staff_name
from kiosk.staff.pins import PinHasher, check_pin_format

Role = Literal["desk", "admin"]
NO_MATCH = "That name and PIN do not match."
T = TypeVar("T", bound="LockPlan")


class StaffMember(BaseModel):
    """A staff account as the sign-in sees it (the PIN hash never leaves the service)."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    role: Role
    disabled: bool
    lock: LockState


class LockPlan(Protocol):
    """What a locked read decides to write back: the account's lock (None: unchanged) and the source's."""

    @property
    def account_lock(self) -> LockState | None: ...
    @property
    def source_lock(self) -> LockState: ...


class StaffRepository(Protocol):
    """What the service needs from the store (implemented in kiosk.store)."""

    def staff_add(self, name: str, role: str, pin_hash: str) -> int: ...
    def staff_get(self, name: str) -> tuple[StaffMember, str] | None: ...
    def staff_list(self) -> list[StaffMember]: ...
    def staff_set_lock(self, staff_id: int, lock: LockState) -> None: ...
    def staff_set_disabled(self, name: str, disabled: bool) -> bool: ...
    def staff_locked_update(
        self, name: str, source: str, plan: Callable[[tuple[StaffMember, str] | None, LockState], T]
    ) -> T:
        """Read the account and the source's lock, apply ``plan``'s result, in one locked transaction."""
        ...
    def audit(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None: ...


class SignInError(Exception):
    """Sign-in refused; the message is safe to show at the kiosk (no hint which part was wrong)."""


def _minutes(remaining: dt.timedelta) -> int:
    return max(1, round(remaining.total_seconds() / 60))


class AccountLocked(SignInError):
    def __init__(self, remaining: dt.timedelta) -> None:
        super().__init__(f"Too many wrong PINs. This account is locked for {_minutes(remaining)} more minute(s).")
        self.remaining = remaining


class SourceLocked(SignInError):
    """Too many wrong PINs from this kiosk or desk, whichever names were tried."""

    def __init__(self, remaining: dt.timedelta) -> None:
        super().__init__(f"Too many wrong PINs here. Sign-in is paused for {_minutes(remaining)} more minute(s).")
        self.remaining = remaining


@dataclass(frozen=True)
class Attempt:
    """One sign-in try as decided under the row locks: refused at once, or admitted (counted as failed)."""

    found: tuple[StaffMember, str] | None
    source_lock: LockState
    account_lock: LockState | None = None
    refusal: SignInError | None = None


@dataclass(frozen=True)
class Cleared:
    """The write after a correct PIN or an admin unlock: the account (and maybe the source) cleared."""

    found: tuple[StaffMember, str] | None
    source_lock: LockState
    account_lock: LockState | None


class StaffService:
    """Adds, lists, disables and unlocks staff, and checks PINs with lockout and audit.

    ``source`` names where sign-ins come from (``kiosk:lobby-1``, ``desk:…``, ``cli:…``):
    failures are counted per account and per source.
    """

    def __init__(
        self,
        repo: StaffRepository,
        hasher: PinHasher,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
        *,
        source: str = "local",
    ) -> None:
        self._repo = repo
        self._hasher = hasher
        self._clock = clock
        self.source = source

    def add(self, name: str, pin: str, role: Role = "desk", *, actor: str = "cli") -> int:
        name = clean_staff_name(name)
        if self._repo.staff_get(name) is not None:
            raise ValueError("a staff member with that name already exists")
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
            raise ValueError("no staff member by that name")
        self._repo.audit(actor, "staff.disable", detail=f"name:{name}")

    def sign_in(self, name: str, pin: str) -> StaffMember:
        """The member when the PIN is right; SignInError (AccountLocked, SourceLocked) otherwise.

        The try is counted as failed before the PIN is checked, under the account's and the
        source's row locks, so parallel guesses cannot get more than five checked.
        """
        now = self._clock()
        attempt = self._repo.staff_locked_update(" ".join(name.split()), self.source, lambda f, s: _admit(f, s, now))
        found = attempt.found
        actor = f"staff:{found[0].id}" if found is not None else "unknown"
        if attempt.refusal is not None:
            kind = "account" if isinstance(attempt.refusal, AccountLocked) else "source"
            self._repo.audit(actor, "staff.login_refused_locked", detail=f"{kind} source:{self.source}")
            raise attempt.refusal
        if found is None or found[0].disabled:
            if found is None:  # the same argon2 work as a wrong PIN: no timing hint that the name is unknown
                self._hasher.verify_dummy(pin)
            else:
                self._hasher.verify(found[1], pin)
            self._repo.audit("unknown", "staff.login_failed", detail=f"unknown or disabled account source:{self.source}")
            raise SignInError(NO_MATCH)
        member, pin_hash = found
        if not self._hasher.verify(pin_hash, pin):
            lock = attempt.account_lock or member.lock
            self._repo.audit(actor, "staff.login_failed", detail=f"failures:{lock.failed_count} source:{self.source}")
            if is_locked(lock, now):
                raise AccountLocked(lock_remaining(lock, now))
            raise SignInError(NO_MATCH)
        self._repo.staff_locked_update(member.name, self.source, _clear_both)
        self._repo.audit(actor, "staff.login", detail=f"source:{self.source}")
        return member.model_copy(update={"lock": LockState()})

    def unlock(self, name: str, *, admin: str, admin_pin: str) -> None:
        """Clear ``name``'s lock and failures; the admin signs in first (and is rate-limited like anyone)."""
        member = self.sign_in(admin, admin_pin)
        if member.role != "admin":
            self._repo.audit(f"staff:{member.id}", "staff.unlock_refused", detail="not an admin")
            raise SignInError("Only an admin can unlock an account.")
        target = " ".join(name.split())
        cleared = self._repo.staff_locked_update(target, self.source, _clear_account)
        if cleared.found is None:
            raise ValueError("no staff member by that name")
        self._repo.audit(f"staff:{member.id}", "staff.unlock", detail=f"staff:{cleared.found[0].id}")


def _admit(found: tuple[StaffMember, str] | None, source_lock: LockState, now: dt.datetime) -> Attempt:
    """Refuse a locked account or source; otherwise count this try as failed in advance."""
    usable = found is not None and not found[0].disabled
    if usable and found is not None and is_locked(found[0].lock, now):
        return Attempt(found=found, source_lock=source_lock,
                       refusal=AccountLocked(lock_remaining(found[0].lock, now)))
    if is_locked(source_lock, now):
        return Attempt(found=found, source_lock=source_lock, refusal=SourceLocked(lock_remaining(source_lock, now)))
    account = register_failure(found[0].lock, now, ACCOUNT_RULE) if usable and found is not None else None
    return Attempt(found=found, source_lock=register_failure(source_lock, now, SOURCE_RULE), account_lock=account)


def _clear_both(found: tuple[StaffMember, str] | None, source_lock: LockState) -> Cleared:
    """After a correct PIN: the account and the source start afresh."""
    return Cleared(found=found, source_lock=register_success(source_lock),
                  account_lock=register_success(found[0].lock) if found is not None else None)


def _clear_account(found: tuple[StaffMember, str] | None, source_lock: LockState) -> Cleared:
    """An admin unlock clears the account (the admin's own source was cleared by their sign-in)."""
    return Cleared(found=found, source_lock=source_lock,
                  account_lock=register_success(found[0].lock) if found is not None else None)
