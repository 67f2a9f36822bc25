"""Under CI a test whose service is missing fails; on a developer machine it skips.

A CI run whose PostgreSQL died mid-way once went green with 27 PostgreSQL tests skipped.
These run real pytest processes against a PostgreSQL URL where nothing listens, and
without a CUPS printer, with and without ``CI=true``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_TEST = "tests/store/test_store.py::test_queue_critical_first_then_by_time[postgresql]"
CUPS_TEST = "tests/report/test_printing.py::test_real_print_reaches_cups_pdf"


def _dead_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pytest(ci: str | None, *args: str, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "KIOSK_TEST_PRINTER", "KIOSK_TEST_CUPS_OUT"}}
    env.update(env_extra)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfEs", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("ci", ["true", "1"])
def test_dead_postgres_fails_under_ci(ci: str) -> None:
    url = f"postgresql+psycopg://kiosk:kiosk@127.0.0.1:{_dead_port()}/kiosk_test"
    done = _pytest(ci, PG_TEST, KIOSK_TEST_PG_URL=url)
    assert done.returncode == 1, done.stdout[-2000:]
    # a failure in a fixture is reported as an error: either way the run is red
    assert re.search(r"\b1 (failed|error)\b", done.stdout) and "not reachable" in done.stdout
    assert "CI=true" in done.stdout


def test_dead_postgres_skips_outside_ci() -> None:
    url = f"postgresql+psycopg://kiosk:kiosk@127.0.0.1:{_dead_port()}/kiosk_test"
    done = _pytest(None, PG_TEST, KIOSK_TEST_PG_URL=url)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 skipped" in done.stdout and "not reachable" in done.stdout


def test_missing_printer_fails_under_ci() -> None:
    done = _pytest("true", CUPS_TEST)
    assert done.returncode == 1, done.stdout[-2000:]
    assert re.search(r"\b1 (failed|error)\b", done.stdout) and "KIOSK_TEST_PRINTER" in done.stdout
    skipped = _pytest("false", CUPS_TEST)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout[-2000:]
