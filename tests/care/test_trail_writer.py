"""The trail writer through a real database outage, and the recorder's timing of screens."""

from __future__ import annotations

import datetime as dt
import time
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from kiosk.care.trail import SessionRecorder, TrailWriter
from kiosk.intake.trail import TrailSession
from kiosk.store import Store
from kiosk.store.trail import record_sessions, screen_times_of_day, sessions_of_day

DAY = dt.date(2026, 11, 24)
UNREACHABLE = "postgresql+psycopg://kiosk:kiosk@127.0.0.1:9/kiosk?connect_timeout=1"


def session(seconds: int) -> TrailSession:
    return TrailSession(day=DAY, outcome="timeout", last_screen="phq9/q9", seconds=seconds)


def test_an_outage_keeps_the_newest_sessions_in_memory_and_counts_the_dropped(store: Store) -> None:
    target = SimpleNamespace(engine=sa.create_engine(UNREACHABLE))  # nothing listens on port 9
    writer = TrailWriter(lambda sessions: record_sessions(target.engine, sessions), limit=3, retry_seconds=0.05)
    began = time.monotonic()
    for seconds in range(1, 6):
        writer.put(session(seconds))  # the UI thread's call: never waits for the database
    assert time.monotonic() - began < 1.0
    deadline = time.monotonic() + 10
    while writer.waiting != 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (writer.waiting, writer.dropped) == (3, 2)
    assert not writer.wait_idle(0.2)
    target.engine.dispose()
    target.engine = store.engine  # the database is back
    assert writer.wait_idle(10)
    with store.engine.connect() as conn:
        assert sorted(s.seconds for s in sessions_of_day(conn, DAY)) == [3, 4, 5]
    writer.close()


def test_recorder_times_each_screen_and_forgets_the_session() -> None:
    now = [100.0]
    ended: list[TrailSession] = []
    recorder = SessionRecorder(ended.append, clock=lambda: now[0], today=lambda: DAY)
    recorder.ended("timeout")  # nothing under way: nothing recorded
    recorder.started()
    recorder.screen("language")
    now[0] += 4
    recorder.language("es")
    recorder.screen("checkin/legal_name")
    now[0] += 30
    recorder.screen("checkin/legal_name")  # the same screen again (a re-render) is not a new view
    now[0] += 10.4
    recorder.ended("start_over")
    recorder.ended("timeout")  # already over
    *under_way, last = ended
    assert last == TrailSession(day=DAY, outcome="start_over", last_screen="checkin/legal_name", seconds=44,
                                language="es", screens=(("language", 4), ("checkin/legal_name", 40)), key=last.key)
    # the open row written at the start and on each new screen (so a killed process still counts it)
    assert [(s.outcome, s.last_screen, s.seconds, s.language) for s in under_way] == [
        ("open", "slides", 0, None), ("open", "language", 0, None), ("open", "checkin/legal_name", 4, "es")]
    assert {s.key for s in ended} == {last.key} and last.key is not None and not any(s.screens for s in under_way)
    assert not recorder.active
    recorder.started()
    recorder.stop()  # the process ends under a session: it is closed, with its own new key
    assert ended[-1].outcome == "process_stopped" and ended[-1].key not in (None, last.key)
    recorder.stop()
    assert ended[-1].outcome == "process_stopped" and len(ended) == 6


def test_screen_times_add_up_per_day(store: Store) -> None:
    first = TrailSession(day=DAY, outcome="submitted", last_screen="submit", seconds=60,
                         screens=(("language", 5), ("phq9/q1", 20)))
    second = TrailSession(day=DAY, outcome="back", last_screen="language", seconds=3, screens=(("language", 3),))
    record_sessions(store.engine, [first])
    record_sessions(store.engine, [second])
    with store.engine.connect() as conn:
        times = {(t.screen, t.views, t.seconds) for t in screen_times_of_day(conn, DAY)}
    assert times == {("language", 2, 8), ("phq9/q1", 1, 20)}


def test_the_kiosks_store_link_takes_the_trail_once_the_store_is_open(settings: Any) -> None:
    """``kiosk run`` wires the writer to StoreLink.record_trail: refused (kept) while the store
    is still opening, stored once it is open."""
    import pytest

    from kiosk.ui.store_link import StoreLink

    link = StoreLink(settings)
    writer = TrailWriter(link.record_trail, retry_seconds=0.05)
    writer.put(session(7))
    with pytest.raises(RuntimeError):
        link.record_trail([session(8)])
    assert not writer.wait_idle(0.2)
    link.open()
    try:
        assert writer.wait_idle(10)
        with link.opened_store().engine.connect() as conn:
            assert [s.seconds for s in sessions_of_day(conn, DAY)] == [7]
    finally:
        writer.close()
        link.close()


def test_an_outage_keeps_one_entry_per_session_not_one_per_screen(store: Store) -> None:
    """A session's open snapshots (one per screen) wait as one: the newest, then its end."""
    target = SimpleNamespace(engine=sa.create_engine(UNREACHABLE))
    writer = TrailWriter(lambda sessions: record_sessions(target.engine, sessions), limit=3, retry_seconds=0.05)
    now = [0.0]
    recorder = SessionRecorder(writer.put, clock=lambda: now[0], today=lambda: DAY)
    recorder.started()
    for n in range(1, 40):  # 40 screens of one visit while the store is away
        now[0] += 2
        recorder.screen(f"phq9/q{n}")
    writer.put(session(7))  # another, finished session
    deadline = time.monotonic() + 10
    while writer.waiting != 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (writer.waiting, writer.dropped) == (2, 0)
    recorder.ended("timeout")
    target.engine.dispose()
    target.engine = store.engine
    assert writer.wait_idle(10)
    writer.close()
    with store.engine.connect() as conn:
        rows = sorted((s.outcome, s.last_screen, s.seconds) for s in sessions_of_day(conn, DAY))
    assert rows == [("timeout", "phq9/q39", 78), ("timeout", "phq9/q9", 7)]
