"""Lockout after failed PIN tries: five failures lock for 5 minutes, doubling each time.

Pure functions over a small state record, so the rule is tested without a clock or a
database and the store only has to persist the three fields (surviving a restart).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

MAX_FAILURES = 5
FIRST_LOCK = dt.timedelta(minutes=5)


class LockState(BaseModel):
    """Failed tries since the last lock or success, locks so far, and the current lock end."""

    model_config = ConfigDict(frozen=True)

    failed_count: int = 0
    lock_count: int = 0
    locked_until: dt.datetime | None = None


def is_locked(state: LockState, now: dt.datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def lock_remaining(state: LockState, now: dt.datetime) -> dt.timedelta:
    """How long the account stays locked (zero when it is not)."""
    if not is_locked(state, now):
        return dt.timedelta(0)
    assert state.locked_until is not None
    return state.locked_until - now


def register_failure(state: LockState, now: dt.datetime) -> LockState:
    """The state after one more wrong PIN; the fifth in a row starts a lock."""
    failed = state.failed_count + 1
    if failed < MAX_FAILURES:
        return state.model_copy(update={"failed_count": failed})
    duration = FIRST_LOCK * (2**state.lock_count)
    return LockState(failed_count=0, lock_count=state.lock_count + 1, locked_until=now + duration)


def register_success(state: LockState) -> LockState:
    """A correct PIN clears the failures and the doubling."""
    return LockState()
