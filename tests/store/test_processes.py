"""Real processes on a real database: SIGKILL at random moments, and four writers at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import submissions

SUBMITTER = Path(__file__).with_name("submitter.py")
ROUNDS = 20


def _ids_in_lines(text: str) -> list[uuid.UUID]:
    """Ids from complete lines only (a line cut by the kill was never fully reported)."""
    lines = text.split("\n")[:-1]
    return [uuid.UUID(line) for line in lines if line and line != "ready"]


def _stored_ids(settings: Settings) -> set[uuid.UUID]:
    with Store.open(settings) as store, store.engine.connect() as conn:
        return set(conn.execute(sa.select(submissions.c.id)).scalars())


def _integrity(settings: Settings) -> None:
    with Store.open(settings) as store, store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_reported_submission(settings: Settings, cli_env: dict[str, str]) -> None:
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    reported: list[uuid.UUID] = []
    started = time.monotonic()
    for round_no in range(ROUNDS):
        child = subprocess.Popen([sys.executable, str(SUBMITTER), "0", str(round_no)], env=cli_env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert child.stdout is not None
        if round_no % 5 == 0:
            time.sleep(rng.uniform(0.05, 0.5))  # some kills land while the store is opening/migrating
        else:
            assert child.stdout.readline() == b"ready\n", child.stderr.read() if child.stderr else ""
            time.sleep(rng.uniform(0.0, 0.2))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err.decode()
        reported += _ids_in_lines(out.decode())
    assert len(reported) > ROUNDS, "the children hardly wrote anything; the test proves nothing"
    assert set(reported) <= _stored_ids(settings)
    _integrity(settings)
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_four_processes_at_once_lose_nothing(settings: Settings, cli_env: dict[str, str]) -> None:
    Store.open(settings).close()  # schema first, so the four race on writes only
    per_child = 25
    children = [
        subprocess.Popen([sys.executable, str(SUBMITTER), str(per_child), f"p{n}"], env=cli_env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in range(4)
    ]
    reported: list[uuid.UUID] = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()
        assert b"locked" not in err
        reported += _ids_in_lines(out.decode())
    assert len(reported) == 4 * per_child
    assert _stored_ids(settings) == set(reported)
    _integrity(settings)
    assert not list((settings.data_dir / "spool").glob("*.spool"))
