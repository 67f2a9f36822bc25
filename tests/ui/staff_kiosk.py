"""A kiosk with staff mode over a real store, and one staff member (Ana Díaz, PIN 482913)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.store import Store, StoreUnavailable
from kiosk.ui.app import Kiosk, build_kiosk, store_staff_backend
from kiosk.ui.staff.controller import StaffModeController

PIN = "482913"


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings) as opened:
        yield opened


@pytest.fixture
def staff_kiosk(qtbot: QtBot, settings: Settings, visit_library: FormLibrary, store: Store) -> Iterator[Kiosk]:
    """The kiosk on screen with staff mode installed (not yet opened)."""
    backend = store_staff_backend(store, visit_library, settings)
    backend.staff.add("Ana Díaz", PIN)
    built = build_kiosk(settings, visit_library, store.add, spooled_errors=(StoreUnavailable,), auto_advance_ms=10)
    staff = built.staff = StaffModeController(built.window, built.flow, lambda: backend, hold_ms=300, idle_seconds=60)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.flow.idle.stop()
    staff.idle.stop()
    staff.leave()
    built.window.unlock()
