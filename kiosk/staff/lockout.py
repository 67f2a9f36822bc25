"""Lockout after failed PIN tries: pure rules over a small state record.

An account locks after five failures for 5 minutes, doubling with each further lock up to a
day; a kiosk (any account tried from it) locks after ten failures for 1 minute, doubling up
to half an hour, so someone in the waiting room cannot work through the staff one by one.
A success or an admin unlock clears both the failures and the doubling.

Pure functions, so the rule is tested without a clock or a database; the store persists
the three fields (surviving a restart) and applies them inside one locked transaction.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class LockRule(BaseModel):
    """How many failures in a row start a lock, how long the first lasts, and the longest."""

    model_config = ConfigDict(frozen=True)

    max_failures: int
    first_lock: dt.timedelta
    longest_lock: dt.timedelta


ACCOUNT_RULE = LockRule(max_failures=5, first_lock=dt.timedelta(minutes=5), longest_lock=dt.timedelta(days=1))
SOURCE_RULE = LockRule(max_failures=10, first_lock=dt.timedelta(minutes=1), longest_lock=dt.timedelta(minutes=30))
MAX_FAILURES = ACCOUNT_RULE.max_failures
FIRST_LOCK = ACCOUNT_RULE.first_lock


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


def register_failure(state: LockState, now: dt.datetime, rule: LockRule = ACCOUNT_RULE) -> LockState:
    """The state after one more wrong PIN; the rule's last allowed failure starts a lock.

    Sign-in counts a try as failed *before* checking the PIN (and clears it on success), so
    however many guesses arrive at once, no more than ``max_failures`` are ever checked.
    """
    failed = state.failed_count + 1
    if failed < rule.max_failures:
        return state.model_copy(update={"failed_count": failed})
    duration = min(rule.first_lock * (2 ** min(state.lock_count, 20)), rule.longest_lock)
    return LockState(failed_count=0, lock_count=state.lock_count + 1, locked_until=now + duration)


def register_success(state: LockState) -> LockState:
    """A correct PIN (or an admin unlock) clears the failures and the doubling."""
    return LockState()
