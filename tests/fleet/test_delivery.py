"""Spooled visits reach the database as soon as it answers again, once each, on time-stamps kept."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.fleet.delivery import backoff_seconds, deliver
from kiosk.settings import Settings
from kiosk.store import Store, StoreUnavailable, spool_visit
from kiosk.store.tables import submissions
from tests.fleet.conftest import Outage


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir), KIOSK_DB_URL=str(settings.db_url),
               KIOSK_FORMS_DIR=str(settings.forms_dir), KIOSK_ID="lobby-1")
    return env


def _stored_times(store: Store) -> dict[Any, tuple[dt.datetime, dt.datetime | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(submissions.c.id, submissions.c.created_at, submissions.c.stored_at)).all()
    return {r.id: (r.created_at, r.stored_at) for r in rows}


def test_a_running_kiosk_delivers_after_an_outage_without_a_restart(
    outage_settings: tuple[Settings, Outage], make_submission: Any
) -> None:
    settings, outage = outage_settings
    store = Store.open(settings)
    try:
        on_time = make_submission(name="On Time")
        store.add(on_time)
        outage.down(store)
        late = make_submission(name="Late Patient", now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=3))
        with pytest.raises(StoreUnavailable) as refused:
            store.add(late)
        assert refused.value.spooled
        same, still_down = deliver(settings, store)
        assert same is store and still_down.waiting == 1 and still_down.delivered == 0 and not still_down.reachable
        outage.up()
        _, delivered = deliver(settings, store)
        assert (delivered.delivered, delivered.waiting, delivered.reachable) == (1, 0, True)
        assert store.count() == 2
        times = _stored_times(store)
        created, stored = times[late.id]
        assert abs((created - late.created_at).total_seconds()) < 1  # the patient's own moment is kept
        assert stored is not None and (stored - created) > dt.timedelta(minutes=2)  # delivered late
    finally:
        store.close()


def test_a_kiosk_that_started_during_the_outage_opens_the_store_when_it_returns(
    outage_settings: tuple[Settings, Outage], make_submission: Any
) -> None:
    settings, outage = outage_settings
    Store.open(settings).close()  # the schema exists; then the database goes away
    outage.down()
    visit = make_submission(name="Spooled At Start")
    spool_visit(settings, visit)
    store, result = deliver(settings, None)
    assert result.waiting == 1 and not result.reachable
    outage.up()
    store, result = deliver(settings, store)
    assert store is not None and (result.delivered, result.waiting) == (1, 0)
    assert store.get(visit.id, actor="t").patient.legal_name == "Spooled At Start"
    store.close()


def test_two_processes_replaying_one_spool_store_each_visit_once(
    outage_settings: tuple[Settings, Outage], make_submission: Any
) -> None:
    settings, _outage = outage_settings
    Store.open(settings).close()
    visits = [make_submission(name=f"Patient {chr(65 + i)}") for i in range(12)]
    for visit in visits:
        spool_visit(settings, visit)
    syncs = [subprocess.Popen([sys.executable, "-m", "kiosk", "sync"], env=_env(settings),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in syncs]
    assert [p.returncode for p in syncs] == [0, 0], outputs
    with Store.open(settings) as store:
        assert store.count() == 12 and store.spool.pending() == []
        with store.engine.connect() as conn:
            ids = conn.execute(sa.select(submissions.c.id)).scalars().all()
        assert sorted(map(str, ids)) == sorted(str(v.id) for v in visits)


def test_kiosk_sync_says_how_many_wait_and_exits_3_while_the_database_is_down(
    outage_settings: tuple[Settings, Outage], make_submission: Any
) -> None:
    settings, outage = outage_settings
    Store.open(settings).close()
    outage.down()
    spool_visit(settings, make_submission(name="Waiting Patient"))
    down = subprocess.run([sys.executable, "-m", "kiosk", "sync"], env=_env(settings), capture_output=True,
                          text=True, timeout=120)
    assert down.returncode == 3 and "0 visit(s) delivered, 1 waiting" in down.stdout
    assert "Traceback" not in down.stderr and "Waiting Patient" not in down.stderr + down.stdout
    outage.up()
    up = subprocess.run([sys.executable, "-m", "kiosk", "sync"], env=_env(settings), capture_output=True,
                        text=True, timeout=120)
    assert up.returncode == 0 and "1 visit(s) delivered, 0 waiting" in up.stdout


def test_backoff_grows_to_five_minutes() -> None:
    assert [backoff_seconds(n) for n in (0, 1, 2, 3)] == [5, 10, 20, 40]
    assert backoff_seconds(20) == 300
