"""Heartbeats: a silent kiosk is shown offline within a minute; the kiosk writes its own."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.fleet.heartbeat import Heartbeat, fleet_status, write_heartbeat
from kiosk.forms import load_library
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.ui.app import build_kiosk
from kiosk.ui.heartbeat import HeartbeatSender
from kiosk.ui.store_link import StoreLink
from tests.fleet.conftest import Outage
from tests.ui.finger import Finger

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def beat(kiosk_id: str, age_s: int, **changes: object) -> Heartbeat:
    values: dict[str, object] = dict(kiosk_id=kiosk_id, at=NOW - dt.timedelta(seconds=age_s), app_version="0.1.0",
                                     spool_depth=0, print_queue_depth=0, printer_state="ok", last_submit_at=None,
                                     screen="slides", problems="")
    values.update(changes)
    return Heartbeat(**values)  # type: ignore[arg-type]


def test_silent_kiosks_are_offline_and_troubles_are_named(outage_settings: tuple[Settings, Outage]) -> None:
    settings, _ = outage_settings
    with Store.open(settings) as store:
        write_heartbeat(store.engine, beat("lobby-1", 10))
        write_heartbeat(store.engine, beat("lobby-2", 90, screen="visit"))
        write_heartbeat(store.engine, beat("lobby-3", 5, spool_depth=2, printer_state="trouble"))
        write_heartbeat(store.engine, beat("lobby-1", 3, screen="staff"))  # replaces its row
        kiosks = fleet_status(store.engine, now=NOW)
    assert [(k.kiosk_id, k.online) for k in kiosks] == [("lobby-2", False), ("lobby-1", True), ("lobby-3", True)]
    assert kiosks[0].summary == "offline — check lobby-2: visits may be waiting there"
    assert kiosks[1].screen == "staff" and kiosks[1].summary == "online"
    assert kiosks[2].summary == "2 visit(s) waiting in its spool; printer trouble"


def test_kiosk_fleet_lists_them(outage_settings: tuple[Settings, Outage]) -> None:
    settings, _ = outage_settings
    with Store.open(settings) as store:
        write_heartbeat(store.engine, beat("lobby-1", 0, at=dt.datetime.now(dt.timezone.utc)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir), KIOSK_DB_URL=str(settings.db_url),
               KIOSK_FORMS_DIR=str(settings.forms_dir))
    result = subprocess.run([sys.executable, "-m", "kiosk", "fleet", "--json"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["kiosk_id"] == "lobby-1" and row["online"] and row["summary"] == "online"
    plain = subprocess.run([sys.executable, "-m", "kiosk", "fleet"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert plain.stdout.startswith("online   lobby-1")


def test_the_running_kiosk_sends_its_state(qtbot: QtBot, outage_settings: tuple[Settings, Outage],
                                           tmp_path: Path) -> None:
    settings, _ = outage_settings
    link = StoreLink(settings)
    link.open()
    kiosk = build_kiosk(settings, load_library(settings.forms_dir), link.submit)
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    sender = HeartbeatSender(kiosk.window, link, "lobby-7", lambda: [], lambda: None, every_ms=100)
    try:
        qtbot.waitUntil(lambda: sender.sent >= 1, timeout=10_000)
        assert [(k.kiosk_id, k.screen, k.online) for k in fleet_status(link.store.engine)] == [
            ("lobby-7", "slides", True)]
        Finger(qtbot, kiosk).tap(kiosk.window.attract)
        count = sender.sent
        qtbot.waitUntil(lambda: sender.sent > count, timeout=10_000)
        assert fleet_status(link.store.engine)[0].screen == "visit"
    finally:
        sender.timer.stop()
        qtbot.waitUntil(lambda: not sender._busy, timeout=10_000)
        kiosk.flow.idle.stop()
        link.close()


def test_the_desk_strip_names_the_kiosk_to_go_and_look_at(qtbot: QtBot, outage_settings: tuple[Settings, Outage]) -> None:
    from kiosk.staff import PinHasher
    from kiosk.staff.service import StaffService
    from kiosk.ui.desk.actions import StoreDeskActions
    from kiosk.ui.desk.desk_window import DeskWindow

    settings, _ = outage_settings
    store = Store.open(settings)
    now = dt.datetime.now(dt.timezone.utc)
    write_heartbeat(store.engine, beat("lobby-1", 0, at=now))
    write_heartbeat(store.engine, beat("lobby-2", 0, at=now - dt.timedelta(seconds=75)))
    staff = StaffService(store, PinHasher(store.pepper()))
    staff.add("Ana Díaz", "482913")
    library = load_library(settings.forms_dir)
    desk = DeskWindow(StoreDeskActions(store, library, settings, staff.sign_in("Ana Díaz", "482913")), library)
    qtbot.addWidget(desk)
    desk.show()
    desk.start()
    try:
        assert desk.fleet is not None
        qtbot.waitUntil(lambda: "lobby-2" in desk.fleet.text(), timeout=10_000)
        assert desk.fleet.text() == "Kiosks: lobby-2 offline — check lobby-2: visits may be waiting there"
        assert desk.fleet.property("trouble") is True and desk.fleet.isVisible()
        write_heartbeat(store.engine, beat("lobby-2", 0, at=dt.datetime.now(dt.timezone.utc)))
        desk.fleet.refresh()
        qtbot.waitUntil(lambda: desk.fleet.text().startswith("Kiosks: all 2 online"), timeout=10_000)
        assert desk.fleet.property("trouble") is False
    finally:
        desk.stop_watching()
        qtbot.waitUntil(lambda: not desk.fleet._busy, timeout=10_000)  # type: ignore[union-attr]
        store.close()
