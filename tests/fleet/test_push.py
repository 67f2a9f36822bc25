"""Push: a visit stored by another process reaches a listener (and a desk) without polling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import psycopg
from pytestqt.qtbot import QtBot

from kiosk.fleet.push import watcher_for
from kiosk.forms import load_library
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffService
from kiosk.store import Store
from kiosk.store.changes import CHANNEL
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from kiosk.ui.desk.poller import SAFETY_POLL_MS
from tests.fleet.conftest import Outage
from tests.store.conftest import visit


def _submit(settings: Settings, name: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir), KIOSK_DB_URL=str(settings.db_url),
               KIOSK_FORMS_DIR=str(settings.forms_dir))
    done = subprocess.run([sys.executable, "-m", "kiosk", "submit", "--visit", "-"], input=json.dumps(visit(name=name)),
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    return done.stdout.strip()


def test_a_second_process_wakes_the_listener(outage_settings: tuple[Settings, Outage]) -> None:
    settings, _ = outage_settings
    with Store.open(settings) as store:
        watcher = watcher_for(store.engine)
        try:
            assert watcher.wait(0.2) is False  # nothing yet
            _submit(settings, "Pushed Patient")
            assert watcher.wait(10) is True
        finally:
            watcher.close()


def test_postgresql_notices_carry_the_id_and_nothing_else(outage_settings: tuple[Settings, Outage]) -> None:
    settings, _ = outage_settings
    if not str(settings.db_url).startswith("postgresql"):
        return  # SQLite sends nothing: desks watch its data_version
    with Store.open(settings) as store:
        url = store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        stored_id = _submit(settings, "Payload Patient")
        notices = list(conn.notifies(timeout=10, stop_after=1))
    assert [n.payload for n in notices] == [stored_id]


def test_the_desk_shows_another_process_visit_by_push(
    qtbot: QtBot, outage_settings: tuple[Settings, Outage]
) -> None:
    settings, _ = outage_settings
    store = Store.open(settings)
    member_id = StaffService(store, PinHasher(store.pepper())).add("Ana Díaz", "482913")
    member = StaffService(store, PinHasher(store.pepper())).sign_in("Ana Díaz", "482913")
    assert member.id == member_id
    library = load_library(settings.forms_dir)
    desk = DeskWindow(StoreDeskActions(store, library, settings, member), library)
    qtbot.addWidget(desk)
    desk.show()
    desk.start()
    try:
        qtbot.waitUntil(lambda: desk.status.text() != "", timeout=5000)
        assert desk.poller.pushed and desk.poller._timer.interval() == SAFETY_POLL_MS
        _submit(settings, "Zoë Núñez")
        stored = time.monotonic()
        qtbot.waitUntil(lambda: desk.model.rowCount() == 1, timeout=5000)
        assert time.monotonic() - stored < SAFETY_POLL_MS / 1000  # not the safety poll: the push
    finally:
        desk.poller.stop()
        store.close()


