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
def test_sigkill_at_random_moments_loses_no_reported_submission(
    settings: Settings, cli_env: dict[str, str], tmp_path: Path
) -> None:
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    server = subprocess.Popen([sys.executable, str(SUBMITTER), "serve"], env=cli_env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert server.stdin is not None and server.stdout is not None
    assert server.stdout.readline() == "ready\n"
    reported: list[uuid.UUID] = []
    started = time.monotonic()
    try:
        for round_no in range(ROUNDS):
            ids_file = tmp_path / f"round-{round_no}.ids"
            server.stdin.write(f"r{round_no} {ids_file}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            if round_no % 5 == 0:
                time.sleep(rng.uniform(0.0, 0.05))  # some kills land while the store opens (or migrates)
            else:
                _wait_for_ready(ids_file)
                time.sleep(rng.uniform(0.0, 0.25))
            os.kill(pid, signal.SIGKILL)
            server.stdin.write(f"reap {pid}\n")
            server.stdin.flush()
            assert int(server.stdout.readline()) == -signal.SIGKILL
            reported += _ids_in_lines(ids_file.read_text() if ids_file.exists() else "")
    finally:
        server.stdin.close()
        server.wait(timeout=30)
        server.stdout.close()
    assert len(reported) > ROUNDS, "the writers hardly wrote anything; the test proves nothing"
    assert set(reported) <= _stored_ids(settings)
    _integrity(settings)
    assert time.monotonic() - started < 30


def _wait_for_ready(ids_file: Path) -> None:
    deadline = time.monotonic() + 20
    while not (ids_file.exists() and ids_file.read_text().startswith("ready")):
        assert time.monotonic() < deadline, "the writer never opened the store"
        time.sleep(0.005)


@pytest.mark.slow
def test_four_processes_at_once_lose_nothing(settings: Settings, cli_env: dict[str, str]) -> None:
    # An empty data folder: the four also race to create the key file and the schema.
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
