"""Guesses sent at once, from threads and from processes, on SQLite and PostgreSQL.

Each try is counted under the account's row lock before its PIN is checked, so however many
arrive together, exactly five wrong PINs are checked (one audit ``staff.login_failed`` row
each) and every other try is refused as locked without touching argon2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.lockout import MAX_FAILURES
from kiosk.staff.service import SignInError, StaffService
from kiosk.store import Store
from tests.staff.conftest import audit_actions
from tests.store.conftest import db_url  # noqa: F401 - the SQLite / PostgreSQL fixture

GUESSER = Path(__file__).with_name("guesser.py")
THREADS = 24
PROCESSES = 6
GUESSES_PER_PROCESS = 4


@pytest.fixture
def shared_settings(tmp_path: Path, db_url: str) -> Settings:  # noqa: F811
    return Settings(data_dir=tmp_path / "data", db_url=db_url, key=None, pepper=None)


@pytest.fixture
def shared_store(shared_settings: Settings) -> Iterator[Store]:
    with Store.open(shared_settings) as opened:
        StaffService(opened, PinHasher(opened.pepper())).add("Ana Díaz", "482913")
        yield opened


def _checked_and_locked(store: Store) -> tuple[int, bool]:
    actions = [action for _, action in audit_actions(store)]
    found = store.staff_get("Ana Díaz")
    assert found is not None
    return actions.count("staff.login_failed"), found[0].lock.locked_until is not None


def test_parallel_guesses_from_threads_check_at_most_five(shared_store: Store) -> None:
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def guess(n: int) -> None:
        staff = StaffService(shared_store, PinHasher(shared_store.pepper()), source="kiosk:test")
        start.wait()
        try:
            staff.sign_in("Ana Díaz", f"{100000 + n}")
            outcomes.append("ok")
        except SignInError as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked, locked = _checked_and_locked(shared_store)
    assert (checked, locked) == (MAX_FAILURES, True)
    counts = Counter(outcomes)
    assert counts["AccountLocked"] == THREADS - MAX_FAILURES + 1  # the fifth check itself says "locked"
    assert counts["ok"] == 0


def test_parallel_guesses_from_processes_check_at_most_five(shared_settings: Settings, shared_store: Store) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(shared_settings.data_dir), KIOSK_DB_URL=str(shared_settings.db_url),
               PYTHONPATH=str(Path(__file__).parents[2]))  # this checkout's kiosk package
    children = [subprocess.Popen([sys.executable, str(GUESSER), "Ana Díaz", "111999"], env=env, text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(PROCESSES)]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
        for child in children:  # every process gets all its guesses at once, then all run together
            assert child.stdin is not None
            child.stdin.write("go\n" * GUESSES_PER_PROCESS)
            child.stdin.close()
        outcomes = Counter(line.strip() for child in children for line in child.stdout or [])
        assert all(child.wait(timeout=60) == 0 for child in children)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
    checked, locked = _checked_and_locked(shared_store)
    assert (checked, locked) == (MAX_FAILURES, True)
    assert sum(outcomes.values()) == PROCESSES * GUESSES_PER_PROCESS
    assert outcomes["ok"] == 0 and outcomes["SignInError"] == MAX_FAILURES - 1
