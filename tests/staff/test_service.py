"""Staff accounts over a real store: sign-in, lockout surviving a restart, audit rows."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import AccountLocked, SignInError, SourceLocked, StaffService
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


def _count_argon2_verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification is recorded (the real one still runs)."""
    import argon2

    seen: list[str] = []
    real = argon2.PasswordHasher.verify

    def counting(self: argon2.PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        seen.append(str(hash))
        return real(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting)
    return seen


def test_unknown_and_disabled_names_take_the_verify_path(
    store: Store, staff: StaffService, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff.add("Ana Díaz", "482913")
    staff.add("Bo Li", "730159")
    staff.disable("Bo Li")
    verified = _count_argon2_verifications(monkeypatch)
    for name in ("Nobody", "Bo Li", "Ana Díaz"):
        with pytest.raises(SignInError, match="do not match"):
            staff.sign_in(name, "918273")
    assert len(verified) == 3  # one full argon2 check each, known or not


def test_a_source_locks_after_ten_failures_across_accounts(store: Store, staff: StaffService, clock: Clock) -> None:
    staff.add("Ana Díaz", "482913")
    for n in range(10):
        with pytest.raises(SignInError):
            staff.sign_in(f"Guess {n}", "918273")
    with pytest.raises(SourceLocked, match="1 more minute"):
        staff.sign_in("Ana Díaz", "482913")
    elsewhere = StaffService(store, PinHasher(store.pepper()), clock, source="desk:front")
    assert elsewhere.sign_in("Ana Díaz", "482913").name == "Ana Díaz"  # the desk PC is not paused
    clock.now += dt.timedelta(minutes=1, seconds=1)
    assert staff.sign_in("Ana Díaz", "482913").name == "Ana Díaz"


def test_success_resets_the_doubling(staff: StaffService, clock: Clock) -> None:
    staff.add("Ana Díaz", "482913")
    for _ in range(5):
        with pytest.raises(SignInError):
            staff.sign_in("Ana Díaz", "111111")
    clock.now += dt.timedelta(minutes=6)
    staff.sign_in("Ana Díaz", "482913")
    for _ in range(5):
        with pytest.raises(SignInError):
            staff.sign_in("Ana Díaz", "111111")
    with pytest.raises(AccountLocked, match="5 more minute"):  # not 10: the success cleared the count
        staff.sign_in("Ana Díaz", "482913")


def test_admin_unlock_clears_a_lock_and_is_audited(store: Store, staff: StaffService) -> None:
    admin_id = staff.add("Al Admin", "730159", "admin")
    staff.add("Dana Desk", "918273")
    staff.add("Ana Díaz", "482913")
    for _ in range(5):
        with pytest.raises(SignInError):
            staff.sign_in("Ana Díaz", "111111")
    with pytest.raises(SignInError, match="Only an admin"):
        staff.unlock("Ana Díaz", admin="Dana Desk", admin_pin="918273")
    with pytest.raises(SignInError, match="do not match"):
        staff.unlock("Ana Díaz", admin="Al Admin", admin_pin="000111")
    staff.unlock("Ana Díaz", admin="Al Admin", admin_pin="730159")
    assert staff.sign_in("Ana Díaz", "482913").name == "Ana Díaz"
    assert (f"staff:{admin_id}", "staff.unlock") in audit_actions(store)


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "Ana\u202eDíaz", "Ana\x00", "A" * 101, "\ud800x"])
def test_staff_names_must_be_plain_visible_text(staff: StaffService, name: str) -> None:
    with pytest.raises(ValueError) as refused:
        staff.add(name, "482913")
    assert "staff name" in str(refused.value) and (not name.strip() or name not in str(refused.value))
