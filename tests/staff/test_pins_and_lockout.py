"""PIN hashing with a pepper, and the lockout rule."""

import datetime as dt

import pytest

from kiosk.staff import LockState, PinError, PinHasher, is_locked, register_failure, register_success
from kiosk.staff.lockout import lock_remaining

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)


def test_pin_verifies_only_with_same_pepper() -> None:
    hasher = PinHasher(b"p" * 32)
    stored = hasher.hash("482913")
    assert stored.startswith("$argon2id$")
    assert "482913" not in stored
    assert hasher.verify(stored, "482913")
    assert not hasher.verify(stored, "482914")
    assert not PinHasher(b"q" * 32).verify(stored, "482913")
    assert not hasher.verify("not a hash", "482913")


@pytest.mark.parametrize(("pin", "reason"), [("12345", "at least 6"), ("12a456", "digits only"), ("", "digits only")])
def test_pin_rules(pin: str, reason: str) -> None:
    with pytest.raises(PinError, match=reason):
        PinHasher(b"p" * 32).hash(pin)


def test_five_failures_lock_for_five_minutes_then_double() -> None:
    state = LockState()
    for _ in range(4):
        state = register_failure(state, T0)
        assert not is_locked(state, T0)
    state = register_failure(state, T0)
    assert is_locked(state, T0)
    assert lock_remaining(state, T0) == dt.timedelta(minutes=5)
    assert not is_locked(state, T0 + dt.timedelta(minutes=5))
    later = T0 + dt.timedelta(minutes=6)
    for _ in range(5):
        state = register_failure(state, later)
    assert lock_remaining(state, later) == dt.timedelta(minutes=10)
    later2 = later + dt.timedelta(minutes=11)
    for _ in range(5):
        state = register_failure(state, later2)
    assert lock_remaining(state, later2) == dt.timedelta(minutes=20)
    assert register_success(state) == LockState()
