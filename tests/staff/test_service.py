"""Staff accounts over a real store: sign-in, lockout surviving a restart, audit rows."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import AccountLocked, SignInError, StaffService
from kiosk.store import Store
from tests.staff.conftest import Clock, audit_actions


def test_add_and_sign_in_writes_audit(store: Store, staff: StaffService) -> None:
    staff_id = staff.add("Ana Díaz", "482913", "admin")
    member = staff.sign_in("Ana Díaz", "482913")
    assert (member.id, member.name, member.role) == (staff_id, "Ana Díaz", "admin")
    assert ("cli", "staff.add") in audit_actions(store)
    assert (f"staff:{staff_id}", "staff.login") in audit_actions(store)


def test_pin_hash_in_database_is_argon2id_not_the_pin(store: Store, staff: StaffService) -> None:
    staff.add("Ana Díaz", "482913")
    found = store.staff_get("Ana Díaz")
    assert found is not None
    assert found[1].startswith("$argon2id$") and "482913" not in found[1]


def test_wrong_pin_and_unknown_name_give_the_same_message(store: Store, staff: StaffService) -> None:
    staff.add("Ana Díaz", "482913")
    with pytest.raises(SignInError) as wrong:
        staff.sign_in("Ana Díaz", "000000")
    with pytest.raises(SignInError) as unknown:
        staff.sign_in("Nobody", "482913")
    assert str(wrong.value) == str(unknown.value)
    assert audit_actions(store).count(("unknown", "staff.login_failed")) == 1


def test_five_failures_lock_and_the_lock_survives_a_restart(
    staff_settings: Settings, store: Store, staff: StaffService, clock: Clock
) -> None:
    staff.add("Ana Díaz", "482913")
    for _ in range(4):
        with pytest.raises(SignInError):
            staff.sign_in("Ana Díaz", "111111")
    with pytest.raises(AccountLocked, match="5 more minute"):
        staff.sign_in("Ana Díaz", "111111")
    store.close()
    with Store.open(staff_settings) as reopened:
        again = StaffService(reopened, PinHasher(reopened.pepper()), clock)
        with pytest.raises(AccountLocked):  # even the right PIN is refused while locked
            again.sign_in("Ana Díaz", "482913")
        clock.now += dt.timedelta(minutes=5, seconds=1)
        assert again.sign_in("Ana Díaz", "482913").name == "Ana Díaz"
        actions = [a for _, a in audit_actions(reopened)]
    assert actions.count("staff.login_failed") == 5
    assert actions.count("staff.login_refused_locked") == 1


def test_second_lock_lasts_ten_minutes(staff: StaffService, clock: Clock) -> None:
    staff.add("Ana Díaz", "482913")
    for round_ in range(2):
        for _ in range(5):
            with pytest.raises(SignInError):
                staff.sign_in("Ana Díaz", "111111")
        if round_ == 0:
            clock.now += dt.timedelta(minutes=6)
    with pytest.raises(AccountLocked, match="10 more minute"):
        staff.sign_in("Ana Díaz", "482913")


def test_disabled_account_cannot_sign_in(staff: StaffService) -> None:
    staff.add("Ana Díaz", "482913")
    staff.disable("Ana Díaz")
    assert staff.active_names() == []
    with pytest.raises(SignInError):
        staff.sign_in("Ana Díaz", "482913")


def test_pepper_is_not_in_the_database(staff_settings: Settings, store: Store, staff: StaffService) -> None:
    staff.add("Ana Díaz", "482913")
    raw = (staff_settings.data_dir / "kiosk.db").read_bytes()
    assert store.pepper() not in raw
