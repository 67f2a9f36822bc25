"""Structured logs of whole visits (English and Spanish, a critical flag, a spooled submit,
Start over, a print failure) hold events and counts, never a patient's values."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import ItemType
from kiosk.ops.logs import configure_logging, event
from kiosk.report.printing import PrintError, print_summary
from kiosk.settings import Settings
from kiosk.store import StoreUnavailable
from kiosk.ui.app import Kiosk
from tests.ui.conftest import Outbox
from tests.ui.finger import Finger
from tests.ui.test_visit import do_checkin, do_phq9, start

PATIENT_VALUES = ("José", "Núñez", "Jose", "Nunez", "Ana María", "5551234567", "555) 123", "123-4567",
                  "1980-02-29", "02/29/1980", "02291980", "benzo", "opioid", "18:45", "Several days",
                  "Varios días", "data:image/png")


@pytest.fixture
def logs(settings: Settings) -> Iterator[tuple[Path, io.StringIO]]:
    stream = io.StringIO()
    path = configure_logging(settings.data_dir, settings.id, stream=stream)
    yield path, stream
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", None) == str(path) or getattr(handler, "stream", None) is stream:
            root.removeHandler(handler)
            handler.close()


def whole_visit(qtbot: QtBot, kiosk: Kiosk, finger: Finger, language: str) -> None:
    start(finger, kiosk, language)
    do_checkin(finger, kiosk)
    do_phq9(finger, kiosk)  # item 9 = 1: the critical note and flag
    finger.next()
    finger.answer(ItemType.multiple_choice, ["benzo", "opioid"])
    finger.answer(ItemType.number, "12")
    finger.answer(ItemType.time, ("0645", "PM"))
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    finger.answer(ItemType.signature, None)
    qtbot.waitUntil(lambda: kiosk.window.thank_you.button.isVisible())
    finger.tap(kiosk.window.thank_you.button)


def test_logs_of_whole_visits_hold_no_patient_data(
    qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox, settings: Settings,
    visit_library: FormLibrary, logs: tuple[Path, io.StringIO],
) -> None:
    path, stream = logs
    whole_visit(qtbot, kiosk, finger, "en")
    outbox.error = StoreUnavailable("database down", spooled=True)
    whole_visit(qtbot, kiosk, finger, "es")
    start(finger, kiosk, "es")
    do_checkin(finger, kiosk)
    finger.tap(kiosk.window.top_bar.start_over_button)
    finger.tap(kiosk.window.confirm_overlay.yes_button)
    with pytest.raises(PrintError):
        print_summary(outbox.submissions[0], visit_library, settings.model_copy(update={"printer": "no-such-queue"}))
    logging.getLogger("kiosk.test").error("careless %s", "José Núñez")  # the formatter's own guard
    try:
        raise ValueError("invalid date 02/29/1980 for José Núñez")
    except ValueError:
        logging.getLogger("kiosk.test").exception("exception_seen")
    event(logging.getLogger("kiosk.test"), "careless_field", name="Ana María")

    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == stream.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    events = [r["event"] for r in records]
    assert events.count("visit_started") == 3
    assert [(r["outcome"], r["language"]) for r in records if r["event"] == "visit_submitted"] == [
        ("stored", "en"), ("spooled", "es")]
    assert [r["reason"] for r in records if r["event"] == "visit_abandoned"] == ["start_over"]
    assert "print_failed" in events and {r["kiosk"] for r in records} == {"lobby-1"}
    assert next(r for r in records if r["event"] == "exception_seen")["error"] == "ValueError"
    for line in lines:
        for value in PATIENT_VALUES:
            assert value not in line, f"{value!r} in log line {line}"
    assert path.stat().st_mode & 0o777 == 0o600
