"""``kiosk staff`` as a real process: weak PINs, an admin's unlock, and a store that is not there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import SignInError, StaffService
from kiosk.store import Store
from tests.staff.conftest import audit_actions
from tests.store.test_cli import kiosk


@pytest.fixture
def env(staff_settings: Settings) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    clean.update(KIOSK_DATA_DIR=str(staff_settings.data_dir))
    return clean


def test_add_refuses_a_weak_pin_and_says_why(env: dict[str, str]) -> None:
    done = kiosk(env, "staff", "add", "Ana Díaz", stdin="123456\n")
    assert done.returncode == 2
    assert "too easy to guess (the digits count up)" in done.stderr and "123456" not in done.stderr


def test_unlock_needs_an_admin_pin_from_stdin(env: dict[str, str], staff_settings: Settings) -> None:
    assert kiosk(env, "staff", "add", "Al Admin", "--role", "admin", stdin="730159\n").returncode == 0
    assert kiosk(env, "staff", "add", "Ana Díaz", stdin="482913\n").returncode == 0
    with Store.open(staff_settings) as store:
        lobby = StaffService(store, PinHasher(store.pepper()), source="kiosk:lobby-1")
        for _ in range(5):
            with pytest.raises(SignInError):
                lobby.sign_in("Ana Díaz", "111111")
    assert "locked" in kiosk(env, "staff", "list").stdout
    wrong = kiosk(env, "staff", "unlock", "Ana Díaz", stdin="Al Admin\n000111\n")
    assert wrong.returncode == 1 and "do not match" in wrong.stderr
    done = kiosk(env, "staff", "unlock", "Ana Díaz", "--admin", "Al Admin", stdin="730159\n")
    assert done.returncode == 0, done.stderr
    with Store.open(staff_settings) as store:
        assert StaffService(store, PinHasher(store.pepper()), source="kiosk:lobby-1").sign_in("Ana Díaz", "482913")
        assert [a for _, a in audit_actions(store)].count("staff.unlock") == 1


@pytest.mark.parametrize("command", [["list"], ["add", "Ana Díaz"], ["disable", "Ana Díaz"], ["unlock", "Ana Díaz"]])
def test_staff_commands_without_a_database_say_so(env: dict[str, str], command: list[str]) -> None:
    env = {**env, "KIOSK_DB_URL": "postgresql+psycopg://kiosk@127.0.0.1:9/kiosk"}  # nothing listens on port 9
    done = kiosk(env, "staff", *command, stdin="Al Admin\n730159\n")
    assert done.returncode == 1
    assert done.stderr.startswith("kiosk: opening the database failed") and "Traceback" not in done.stderr


def test_staff_commands_with_a_bad_key_say_so(env: dict[str, str], tmp_path: Path) -> None:
    done = kiosk({**env, "KIOSK_KEY": "not base64 at all"}, "staff", "list")
    assert done.returncode == 1 and "KIOSK_KEY" in done.stderr and "Traceback" not in done.stderr
