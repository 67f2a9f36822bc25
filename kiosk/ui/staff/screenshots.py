"""Staff screens for ``kiosk screenshots``: sign-in and the queue, over a throwaway store.

Fictional visits go into a temporary data folder that is deleted afterwards, so a
screenshot run never touches the clinic's database.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from kiosk.forms import FormLibrary
from kiosk.intake import build_submission
from kiosk.settings import Settings

SAMPLE_PIN = "730159"
_SAMPLES = [  # (name, minutes ago, PHQ-9 codes q1..q9)
    ("Zoë Núñez", 4, [2, 2, 1, 1, 1, 1, 1, 1, 1]),
    ("Nguyễn Văn An", 25, [1, 1, 1, 1, 0, 0, 0, 0, 0]),
    ("Sam Rivera", 47, [0, 0, 0, 1, 0, 0, 0, 0, 0]),
]


def staff_screenshots(kiosk: object, library: FormLibrary, shot: Callable[[str], None], hold: Callable[[int], None]) -> None:
    """Sign in on a temporary store with sample visits and ``shot`` the staff screens."""
    from kiosk.store import Store
    from kiosk.ui.app import install_staff_mode, store_staff_backend

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), key=None, db_url=None)
        with Store.open(settings) as store:
            store.record_forms(library)
            protocol_forms = set(library.forms)
            for name, minutes, codes in _SAMPLES:
                if "phq9" not in protocol_forms:
                    break
                now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)
                visit = {"patient": {"legal_name": name, "date_of_birth": "1984-03-07"}, "language": "en",
                         "responses": {"phq9": {f"q{i + 1}": c for i, c in enumerate(codes)}}}
                store.add(build_submission(library, visit, kiosk_id="lobby-1", now=now))
            _sample_trail(store)
            backend = store_staff_backend(store, library, settings)
            backend.staff.add("Front Desk", SAMPLE_PIN)
            staff = install_staff_mode(kiosk, lambda: backend, settings)  # type: ignore[arg-type]
            staff.open()
            panel = staff.screen.sign_in
            for letter in "front desk":  # typed at the lobby; capitals come by themselves
                panel.name_entry.press(letter)
            shot("staff_sign_in")
            for key in [*SAMPLE_PIN, "OK"]:
                panel.pad.keys[key].click()
            for _ in range(100):
                if staff.screen.desk is not None and staff.screen.desk.model.rowCount():
                    break
                hold(50)
            desk = staff.screen.desk
            if desk is not None:
                desk.table.selectRow(0)
                for _ in range(60):  # the visit opens off the UI thread
                    if desk.detail.toPlainText():
                        break
                    hold(50)
                shot("staff_queue")
                _shot_today(desk, shot, hold)
            staff.leave()
            staff.idle.stop()


def _sample_trail(store: object) -> None:
    """A few finished sessions of today, so the Today tab shows completion and give-up figures."""
    from kiosk.intake.trail import TrailSession
    from kiosk.store.trail import record_sessions

    today = dt.date.today()
    sessions = [TrailSession(day=today, outcome="submitted", last_screen="submit", seconds=seconds, language="en",
                             screens=(("language", 6), ("checkin/legal_name", 25), ("phq9/q1", 12)))
                for seconds in (380, 455, 512)]
    sessions += [TrailSession(day=today, outcome="timeout", last_screen="phq9/q9", seconds=240, language="es"),
                 TrailSession(day=today, outcome="start_over", last_screen="checkin/phone", seconds=70)]
    record_sessions(store.engine, sessions)  # type: ignore[attr-defined]


def _shot_today(desk: object, shot: Callable[[str], None], hold: Callable[[int], None]) -> None:
    """The desk's Today tab, once its figures have arrived from the worker."""
    today = getattr(desk, "today", None)
    if today is None:
        return
    desk.centralWidget().setCurrentWidget(today)  # type: ignore[attr-defined]
    for _ in range(100):
        if today.report is not None:
            break
        hold(50)
    shot("staff_today")
    desk.centralWidget().setCurrentIndex(0)  # type: ignore[attr-defined]
