"""The composition root: settings, forms, store and window are built once, here.

Nothing else in ``kiosk.ui`` reads settings or opens the store; they are handed down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.care.trail import SessionRecorder
from kiosk.forms.loader import FormLibrary, load_library
from kiosk.intake.session import Clock
from kiosk.settings import Settings
from kiosk.care.choice import planner
from kiosk.ui.flow import History, IntakeFlow, Submit
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.sizes import AUTO_ADVANCE_MS, TABLET_SIZE

if TYPE_CHECKING:
    from kiosk.speech.sinks import Output
    from kiosk.ui.read_aloud import ReadAloud
    from kiosk.ui.staff.controller import StaffModeController
    from kiosk.ui.staff.staff_mode import StaffBackend
from kiosk.ui.store_link import NotStored, StoreLink, after_first_paint
from kiosk.ui.theme import clinic_theme


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
    trail_writer: Any = None  # stores the session trail in the background (kiosk run only)


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


def launch(settings: Settings, library: FormLibrary) -> tuple[Kiosk, StoreLink, str | None]:
    """What ``kiosk run`` starts: slides first; the store opens on a worker once they show.

    Returns the kiosk, its store link, and why the slides could not be shown (if so).
    """
    link = StoreLink(settings, library)
    attract, problem = make_attract(settings)
    from kiosk.care.trail import TrailWriter

    writer = TrailWriter(link.record_trail)
    trail = SessionRecorder(writer.put)
    kiosk = build_kiosk(settings, library, link.submit, spooled_errors=(NotStored,), attract=attract, trail=trail)
    kiosk.trail_writer = writer
    def after_paint() -> None:
        from kiosk.ui.delivery import Courier

        courier = kiosk.courier = Courier(kiosk.window, link)

        def store_problem(why: str) -> None:
            kiosk.window.notify_staff(f"● Store not available — check-ins are spooled: {why}")
            courier.soon()  # keep trying: the database may come back without a restart

        link.open_in_background(store_problem)
        kiosk.flow.submitted.connect(lambda outcome: courier.soon(5) if outcome == "spooled" else None)
        install_staff_mode(kiosk, lambda: store_staff_backend(link.opened_store(), library, settings), settings)

    after_first_paint(kiosk.window.attract, after_paint)  # staff mode and the store wait for the first slide
    return kiosk, link, problem


def run_until_quit(app: Any, kiosk: Kiosk, link: StoreLink) -> int:
    """The event loop of ``kiosk run``; when it ends (SIGTERM, a fatal error) a session under
    way is stored as ``process_stopped`` (briefly waited for) before the store closes."""
    try:
        return int(app.exec())
    finally:
        kiosk.flow.trail.stop()
        if kiosk.trail_writer is not None:
            kiosk.trail_writer.close()
        link.close()


def make_attract(settings: Settings) -> tuple[QWidget | None, str | None]:
    """The slide show over the clinic's slides, or (None, why) to fall back to a plain screen.

    Broken slides must not stop check-ins, so they are reported rather than fatal.
    """
    from kiosk.content import SlideLoadError, clinic_values, load_decks
    from kiosk.paths import RESOURCES
    from kiosk.ui.widgets.slideshow import SlideShow

    try:
        decks = load_decks(RESOURCES / "slides", ("en", "es"), clinic_values(settings))
    except SlideLoadError as exc:
        return None, str(exc)
    show = SlideShow(decks["en"], settings.slide_seconds)
    alternate_languages(show, [decks["en"], decks["es"]])
    return show, None


def alternate_languages(show: Any, decks: list[Any]) -> None:
    """Each time the loop comes round to its first slide, switch English ↔ Spanish."""
    switching = False

    def on_slide(index: int) -> None:
        nonlocal switching
        if index != 0 or switching:
            return
        switching = True  # set_deck shows slide 0 again: do not switch back at once
        try:
            position = next((i for i, deck in enumerate(decks) if deck is show.deck), -1)
            show.set_deck(decks[(position + 1) % len(decks)])
        finally:
            switching = False

    show.slide_changed.connect(on_slide)


def build_kiosk(
    settings: Settings, library: FormLibrary, submit: Submit, *,
    spooled_errors: tuple[type[Exception], ...] = (), clock: Clock = _utc_now,
    attract: QWidget | None = None, auto_advance_ms: int = AUTO_ADVANCE_MS,
    trail: SessionRecorder | None = None, history: History | None = None,
    audio_output: Output | None = None, speech_speed: float = 1.0,
) -> Kiosk:
    """The window and its flow (no store opened here): ``settings``' fixed protocol, else the
    one for each visit's appointment type; ``history`` looks up the patient's earlier visits."""

    logo = QPixmap(str(settings.clinic_logo)) if settings.clinic_logo else None
    window = KioskWindow(settings.clinic_name, clinic_theme(settings.accent_color), logo, attract)
    window.resize(*TABLET_SIZE)
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


def load_forms(settings: Settings) -> FormLibrary:
    """The clinic's forms (FormLoadError if any is invalid: the kiosk must not start)."""
    return load_library(settings.forms_dir, settings.clinic_rules())
