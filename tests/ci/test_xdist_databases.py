"""Under ``pytest -n 2`` (as .ci/run runs) each worker has a PostgreSQL database of its own.

LISTEN/NOTIFY spans a database, not a schema: a test listening for its own visit's notice
heard the visits a test on the other worker stored at the same moment. This runs a real
two-worker pytest on a probe that records each worker's database, then checks they differ
and are gone after the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import os, time
import sqlalchemy as sa

def _record(out):
    url = os.environ["KIOSK_TEST_PG_URL"]
    with open(out, "a") as f:
        f.write(sa.make_url(url).database + "\\n")
    time.sleep(1.5)  # both workers are up at once

def test_a(): _record(os.environ["PROBE_OUT"])
def test_b(): _record(os.environ["PROBE_OUT"])
"""


def test_each_xdist_worker_gets_its_own_database_and_drops_it(tmp_path: Path) -> None:
    pytest.importorskip("xdist")
    url = os.environ.get("KIOSK_TEST_PG_URL")
    if not url:
        unavailable("KIOSK_TEST_PG_URL is not set: no PostgreSQL server to test against")
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    out = tmp_path / "seen.txt"
    env = {**os.environ, "PROBE_OUT": str(out), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           "-n", "2", "--rootdir", str(tmp_path), str(probe)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    seen = out.read_text(encoding="utf-8").split()
    base = sa.make_url(url).database
    assert len(seen) == 2 and len(set(seen)) == 2, seen  # one database per worker
    assert all(name != base and name.startswith(f"{base}_") for name in seen)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            left = conn.execute(sa.text("SELECT datname FROM pg_database WHERE datname = ANY(:n)"),
                                {"n": seen}).scalars().all()
    finally:
        engine.dispose()
    assert left == []  # dropped when the workers ended
