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


@pytest.mark.parametrize(("pin", "reason"), [
    ("000000", "all one digit"), ("777777777", "all one digit"),
    ("123456", "count up"), ("012345", "count up"), ("34567890", "count up"),
    ("654321", "count down"), ("987654", "count down"),
    ("121212", "pattern repeated"), ("123123", "pattern repeated"),
    ("159753", "most common"), ("112233", "most common"), ("696969", "pattern repeated"),
    ("1234567890123", "at most 12"),
])
def test_weak_pins_are_refused_and_say_why(pin: str, reason: str) -> None:
    with pytest.raises(PinError, match=reason):
        PinHasher(b"p" * 32).hash(pin)


@pytest.mark.parametrize("pin", ["482913", "730159", "20481977", "918273"])
def test_pins_without_a_pattern_are_accepted(pin: str) -> None:
    assert PinHasher(b"p" * 32).hash(pin).startswith("$argon2id$")


def test_locks_stop_doubling_at_a_day() -> None:
    state = LockState(lock_count=30)
    for _ in range(5):
        state = register_failure(state, T0)
    assert lock_remaining(state, T0) == dt.timedelta(days=1)


def test_dummy_hash_costs_the_same_as_a_real_one() -> None:
    from kiosk.staff.pins import DUMMY_HASH

    assert not PinHasher.needs_rehash(DUMMY_HASH)  # same argon2 parameters as every stored PIN
