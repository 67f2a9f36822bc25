"""A visit under way when the kiosk process ends still counts: a real ``kiosk run`` start-up in a
subprocess, one session on the language screen, then SIGTERM (systemd's stop) or SIGKILL (a
crash, the watchdog). SIGTERM closes it as ``process_stopped``; SIGKILL leaves it ``open``
until that kiosk starts again and marks it ``interrupted`` (another kiosk's open rows stay)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk.care.day_report import day_report
from kiosk.forms import load_library
from kiosk.intake.trail import TrailSession
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import session_trail
from kiosk.store.trail import record_sessions
from kiosk.ui.store_link import StoreLink

CHILD = Path(__file__).with_name("trail_child.py")


def run_kiosk(cli_env: dict[str, str]) -> subprocess.Popen[str]:
    env = cli_env | {"QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(CHILD)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "ready":
        child.kill()
        err = child.communicate(timeout=30)[1]
        pytest.fail(f"the kiosk did not start a session: {line!r} {err[-2000:]}")
    return child


def stop(child: subprocess.Popen[str], how: signal.Signals) -> int:
    """Send ``how`` and wait; the pipes are read to the end (and so closed)."""
    child.send_signal(how)
    _out, err = child.communicate(timeout=60)
    assert "Traceback" not in err, err[-2000:]
    return child.returncode


def trail_rows(store: Store) -> list[tuple[str, str, str | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(session_trail.c.outcome, session_trail.c.last_screen,
                                      session_trail.c.open_on)).all()
    return sorted((r.outcome, r.last_screen, r.open_on) for r in rows)


def test_sigterm_closes_the_session_as_process_stopped(store: Store, cli_env: dict[str, str]) -> None:
    child = run_kiosk(cli_env)
    assert trail_rows(store) == [("open", "language", "lobby-1")]  # written at once, before any end
    assert stop(child, signal.SIGTERM) == 0
    assert trail_rows(store) == [("process_stopped", "language", None)]
    report = day_report(store, dt.date.today())
    assert report.sessions == 1 and report.outcomes["process_stopped"] == 1
    assert report.completion_rate == 0 and report.give_up[0].screen == "language"


def test_sigkill_leaves_it_open_and_the_next_start_marks_it_interrupted(
        store: Store, settings: Settings, cli_env: dict[str, str]) -> None:
    other_kiosk = TrailSession(day=dt.date.today(), outcome="open", last_screen="phq9/q2", seconds=40,
                               key=os.urandom(16).hex())
    record_sessions(store.engine, [other_kiosk], "lobby-2")  # under way on another kiosk: not ours to close
    child = run_kiosk(cli_env)
    assert stop(child, signal.SIGKILL) == -signal.SIGKILL
    assert trail_rows(store) == [("open", "language", "lobby-1"), ("open", "phq9/q2", "lobby-2")]
    report = day_report(store, dt.date.today())
    assert report.outcomes["open"] == 2 and report.completion_rate is None

    link = StoreLink(settings, load_library(settings.forms_dir))  # what the next ``kiosk run`` opens
    link.open()
    try:
        assert link.problem is None
    finally:
        link.close()
    assert trail_rows(store) == [("interrupted", "language", None), ("open", "phq9/q2", "lobby-2")]
    report = day_report(store, dt.date.today())
    assert report.sessions == 2 and report.outcomes["interrupted"] == 1 and report.outcomes["open"] == 1
    assert report.completion_rate == 0 and [f.screen for f in report.give_up] == ["language"]
    shown = dict((item, value) for section, item, value in report.rows() if section == "sessions")
    assert shown["cut off: the kiosk crashed or was killed"] == "1"
