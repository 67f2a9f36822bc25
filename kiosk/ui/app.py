"""The composition root: settings, forms, store and window are built once, here.

Nothing else in ``kiosk.ui`` reads settings or opens the store; they are handed down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from kiosk.care.trail import SessionRecorder
from kiosk.forms.loader import FormLibrary
from kiosk.intake.session import Clock
from kiosk.settings import Settings
from kiosk.care.choice import planner
from kiosk.ui.flow import History, IntakeFlow, Submit
from kiosk.ui.kiosk_window import KioskWindow, make_window
from kiosk.ui.sizes import AUTO_ADVANCE_MS

if TYPE_CHECKING:
    from kiosk.speech.sinks import Output
    from kiosk.ui.read_aloud import ReadAloud
    from kiosk.ui.staff.controller import StaffModeController
    from kiosk.ui.staff.staff_mode import StaffBackend
from kiosk.ui.attract_loop import make_attract

__all__ = ["Kiosk", "build_kiosk", "install_staff_mode", "make_attract", "make_window", "store_staff_backend"]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Kiosk:
    """The built kiosk: its window, the flow that runs visits in it, and staff mode."""

    window: KioskWindow
    flow: IntakeFlow
    staff: StaffModeController | None = None
    courier: Any = None  # delivers spooled visits in the background (kiosk run only)
    read_aloud: ReadAloud | None = None


def store_staff_backend(store: Any, library: FormLibrary, settings: Settings) -> StaffBackend:
    """Staff sign-in and desk actions over an open store (imported late: start-up stays fast)."""
    from kiosk.staff import PinHasher
    from kiosk.staff.service import StaffService
    from kiosk.ui.desk.actions import StoreDeskActions
    from kiosk.ui.staff.staff_mode import StaffBackend

    return StaffBackend(
        staff=StaffService(store, PinHasher(store.pepper()), source=f"kiosk:{settings.id}"),
        actions_for=lambda member: StoreDeskActions(store, library, settings, member),
        library=library,
    )


def install_staff_mode(kiosk: Kiosk, backend: Callable[[], StaffBackend], settings: Settings) -> StaffModeController:
    """The corner-hold gesture and PIN-protected staff mode on the kiosk window."""
    from kiosk.ui.staff.controller import StaffModeController

    kiosk.staff = StaffModeController(kiosk.window, kiosk.flow, backend, idle_seconds=settings.staff_idle_timeout)
    return kiosk.staff


def open_store(settings: Settings) -> tuple[Submit, tuple[type[Exception], ...]]:
    """The store's ``add`` and the error meaning "not written" (opened here, at once)."""
    from kiosk.store import Store, StoreUnavailable

    store = Store.open(settings)
    return store.add, (StoreUnavailable,)


def build_kiosk(
    settings: Settings, library: FormLibrary, submit: Submit, *,
    spooled_errors: tuple[type[Exception], ...] = (), clock: Clock = _utc_now,
    attract: QWidget | None = None, auto_advance_ms: int = AUTO_ADVANCE_MS,
    trail: SessionRecorder | None = None, history: History | None = None,
    audio_output: Output | None = None, speech_speed: float = 1.0, window: KioskWindow | None = None,
) -> Kiosk:
    """The window and its flow (no store opened here): ``settings``' fixed protocol, else the
    one for each visit's appointment type; ``history`` looks up the patient's earlier visits.
    ``window``: a shell already showing the slides (``kiosk run``), completed here."""

    if window is None:
        window = make_window(settings, attract)
    window.complete()
    window.keys.scan_by_default = settings.switch_access
    window.keys.reset()
    flow = IntakeFlow(
        window, library, library.protocol(settings.protocol), submit,
        kiosk_id=settings.id, clock=clock, auto_advance=settings.auto_advance,
        idle_timeout=settings.idle_timeout, idle_countdown=settings.idle_countdown,
        spooled_errors=spooled_errors, auto_advance_ms=auto_advance_ms, trail=trail,
        planner=planner(library, settings.protocol), history=history,
    )
    from kiosk.speech.voices import read_aloud_output
    from kiosk.ui.read_aloud import ReadAloud

    output = audio_output if audio_output is not None else read_aloud_output(settings.audio_output)
    return Kiosk(window, flow, read_aloud=ReadAloud(flow, output, speech_speed))
