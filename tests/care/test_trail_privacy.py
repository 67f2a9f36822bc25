"""The session trail of real visits driven by taps: what it counts, and that it holds no patient data.

A kiosk with the real store (SQLite file or PostgreSQL schema) and the real trail writer:
one visit submitted, one left to time out, one ended with Start over, one left at the
language screen. Then the trail's rows and the raw bytes of the database files are searched
for the patient's name, birth date, phone and typed answers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from kiosk.care.trail import SessionRecorder, TrailWriter
from kiosk.forms import FormLibrary
from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.settings import Settings
from kiosk.store import Store, StoreUnavailable
from kiosk.store.tables import screen_time, session_trail
from kiosk.store.trail import record_sessions
from tests.ui.conftest import running_kiosk
from tests.ui.finger import Finger
from tests.ui.test_visit import start
from tests.ui.visit_robot import answer_everything, plausible

NAME, TYPED = "Xiomara Quintanilla", "Bartholomew Zyxwvut"
TRACES = ("Xiomara", "Quintanilla", "Bartholomew", "Zyxwvut", "1963-07-14", "07/14/1963", "07141963",
          "5559876543", "555) 987", "555-987")


def distinctive(form: FormDefinition, item: Item) -> Any:
    """Answers that cannot appear in the database by chance (unlike the robot's "Ana")."""
    if item.type is ItemType.text:
        return NAME if item.patient_field == "legal_name" else TYPED
    if item.type is ItemType.date and item.patient_field == "date_of_birth":
        return "07141963"
    if item.type is ItemType.phone:
        return "5559876543"
    return plausible(form, item)


def test_trail_of_tapped_visits_counts_them_and_holds_no_patient_data(
        qtbot: QtBot, store: Store, settings: Settings, visit_library: FormLibrary) -> None:
    writer = TrailWriter(lambda sessions: record_sessions(store.engine, sessions))
    kiosk_settings = settings.model_copy(update={"protocol": "visit"})
    with running_kiosk(qtbot, kiosk_settings, visit_library, store.add, spooled_errors=(StoreUnavailable,),
                       auto_advance_ms=10, trail=SessionRecorder(writer.put)) as kiosk:
        finger = Finger(qtbot, kiosk)
        window = kiosk.window
        start(finger, kiosk, "es")
        with qtbot.waitSignal(kiosk.flow.submitted, timeout=20000) as outcome:
            answer_everything(finger, kiosk, choose=distinctive)
        assert outcome.args == ["stored"]
        finger.tap(window.thank_you.button)

        start(finger, kiosk, "en")
        finger.answer(ItemType.text, NAME)
        kiosk.flow.idle.configure(timeout=0.2, countdown=2, tick_ms=50)
        qtbot.waitUntil(lambda: kiosk.flow.session is None, timeout=5000)
        kiosk.flow.idle.configure(timeout=600, countdown=20)

        start(finger, kiosk, "en")
        finger.answer(ItemType.text, NAME)
        finger.next()  # preferred name is optional
        finger.answer(ItemType.date, "07141963")
        finger.tap(window.top_bar.start_over_button)
        finger.tap(window.confirm_overlay.yes_button)

        finger.tap(window.attract)
        finger.tap(window.language.back_button)
        assert writer.wait_idle(10), "the trail was not written"
    writer.close()

    with store.engine.connect() as conn:
        trail = conn.execute(sa.select(session_trail)).all()
        screens = conn.execute(sa.select(screen_time)).all()
    today = dt.date.today()
    assert sorted((r.outcome, r.last_screen, r.language) for r in trail) == [
        ("back", "language", None), ("start_over", "checkin/phone", "en"),
        ("submitted", "submit", "es"), ("timeout", "checkin/preferred_name", "en")]
    assert {r.day for r in trail} == {today}
    shown = {s.screen for s in screens}
    assert {"language", "checkin/legal_name", "review"} <= shown
    assert all(s.views >= 1 and s.seconds >= 0 for s in screens)
    trail_text = repr(trail) + repr(screens)
    for trace in TRACES:
        assert trace not in trail_text
    files = _database_files(settings)
    raw = b"".join(path.read_bytes() for path in files)
    assert not files or b"checkin/legal_name" in raw  # the search does see the trail's plain text
    for trace in TRACES:
        assert trace.encode() not in raw and trace.encode("utf-16-le") not in raw, trace


def _database_files(settings: Settings) -> list[Path]:
    """The SQLite database and its journal files (none for PostgreSQL: its rows are checked above)."""
    if not settings.database_url.startswith("sqlite"):
        return []
    files = sorted(settings.data_dir.glob("kiosk.db*"))
    assert files, "no database file to search"
    return files
