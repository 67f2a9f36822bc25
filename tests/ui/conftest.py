"""A real kiosk window on the offscreen platform, with the visit test forms."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.settings import Settings
from kiosk.store import StoreUnavailable
from kiosk.ui.app import Kiosk, build_kiosk
from tests.ui.finger import Finger

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)


class Outbox:
    """Where the kiosk's submit hands submissions until the store lands (records the thread)."""

    def __init__(self) -> None:
        self.submissions: list[Submission] = []
        self.threads: list[int] = []
        self.error: Exception | None = None

    def __call__(self, submission: Submission) -> None:
        self.threads.append(threading.get_ident())
        if self.error is not None:
            raise self.error
        self.submissions.append(submission)


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, protocol="visit", id="lobby-1", clinic_name="Sunrise Clinic",
                    accent_color="#2a7a5a")


@contextmanager
def running_kiosk(qtbot: QtBot, settings: Settings, library: FormLibrary,
                  submit: Callable[[Submission], None], **options: Any) -> Iterator[Kiosk]:
    """A kiosk window on screen (build_kiosk's ``options``), stopped and unlocked after."""
    built = build_kiosk(settings, library, submit, **options)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    try:
        yield built
    finally:
        built.flow.idle.stop()
        built.window.unlock()


@pytest.fixture
def kiosk(qtbot: QtBot, settings: Settings, visit_library: FormLibrary, outbox: Outbox) -> Iterator[Kiosk]:
    with running_kiosk(qtbot, settings, visit_library, outbox, spooled_errors=(StoreUnavailable,),
                       clock=lambda: NOW, auto_advance_ms=10) as built:
        yield built


@pytest.fixture
def finger(qtbot: QtBot, kiosk: Kiosk) -> Finger:
    return Finger(qtbot, kiosk)
