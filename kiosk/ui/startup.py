"""``kiosk run``'s start: the first slide at once, everything else in steps after it is drawn.

After a crash or a watchdog restart the slides must be back fast (issue #16). Profiled
before this module (``python -X importtime``, cProfile; bench/ui_bench.py has the figures),
the first slide waited for the form models and every form file (pydantic, about 0.25 s of
imports and loading), every screen's module and widgets (the question screen, the signature
pad, the keyboard: 0.3 s), the read-aloud engine and the supervision modules. Now only the
settings, the slide decks and a window shell holding the slide show come before the first
paint; the rest is built in ``STEPS`` on zero timers once it is drawn, each step short, so
the slides keep moving. A tap on the slides before the steps are done runs the rest at once
and starts the check-in: nobody waits for an idle queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.settings import Settings
from kiosk.ui.attract_loop import make_attract
from kiosk.ui.first_paint import after_first_paint
from kiosk.ui.kiosk_window import make_window
from kiosk.ui.sizes import AUTO_ADVANCE_MS

if TYPE_CHECKING:
    from kiosk.forms.loader import FormLibrary
    from kiosk.care.trail import TrailWriter
    from kiosk.ui.app import Kiosk
    from kiosk.ui.store_link import StoreLink

log = logging.getLogger(__name__)

LibraryLoader = Callable[[], "FormLibrary"]


class FormsRefused(Exception):
    """The clinic's forms (or its visit protocol) cannot run a visit; the message says why
    (file, path and reason, never patient data): the kiosk must not take check-ins."""


def checked_library(settings: Settings) -> FormLibrary:
    """The clinic's forms, validated, with the configured visit protocol among them."""
    from kiosk.forms.loader import FormLoadError, load_library

    try:
        library = load_library(settings.forms_dir, settings.clinic_rules())
    except FormLoadError as exc:
        raise FormsRefused(f"the kiosk will not start with invalid forms:\n{exc}") from None
    if settings.protocol and settings.protocol not in library.protocols:
        known = ", ".join(sorted(library.protocols)) or "none"
        raise FormsRefused(f"visit protocol {settings.protocol!r} not found in {settings.forms_dir} (known: {known})")
    return library


class Startup(QObject):
    """Builds the kiosk around the slides in short steps after the first slide is painted.

    ``ready`` once the kiosk takes check-ins (``kiosk`` is set then); ``refused`` with the
    message if the forms are invalid (nothing else is built then).
    """

    ready = Signal()
    refused = Signal(str)
    store_answered = Signal()
    """The store opened on its worker, or could not: the services that use it start then."""

    def __init__(self, settings: Settings, load: LibraryLoader | None = None, *,
                 auto_advance_ms: int = AUTO_ADVANCE_MS, services: bool = False) -> None:
        attract, problem = make_attract(settings)
        window = make_window(settings, attract, complete=False)
        super().__init__(window)
        self.window, self.problem = window, problem
        self.settings = settings
        self._load = load or (lambda: checked_library(settings))
        self.auto_advance_ms = auto_advance_ms
        self.library: FormLibrary | None = None
        self.link: StoreLink | None = None
        self.kiosk: Kiosk | None = None
        self.trail_writer: TrailWriter | None = None
        self.refusal: str | None = None
        self._steps: list[Callable[[], None]] = [self._load_forms, self.window.complete, self._build, self._connect_store]
        if services:
            from kiosk.ui.services import supervise_at_start

            supervise_at_start(self)
        self.window.attract.tapped.connect(self._tapped_early)  # type: ignore[attr-defined]
        after_first_paint(self.window.attract, self._next_step)

    # --- the steps -------------------------------------------------------------------------
    def _next_step(self) -> None:
        if self._steps:
            self._run(self._steps.pop(0))
        if self._steps:
            QTimer.singleShot(0, self._next_step)

    def finish(self) -> None:
        """Run every step left now (a patient tapped the slides before they were done)."""
        while self._steps:
            self._run(self._steps.pop(0))

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except FormsRefused as exc:
            self._steps.clear()
            self.refusal = str(exc)
            self.refused.emit(self.refusal)
            return
        if not self._steps and self.kiosk is not None:
            self.ready.emit()

    def _tapped_early(self) -> None:
        if self.kiosk is None and self.refusal is None:
            self.finish()
            if self.kiosk is not None:
                self.kiosk.flow.start()  # the flow's own connection came during this very tap

    def _load_forms(self) -> None:
        self.library = self._load()

    def _build(self) -> None:
        from kiosk.care.trail import SessionRecorder, TrailWriter
        from kiosk.ui.app import build_kiosk
        from kiosk.ui.store_link import NotStored, StoreLink

        assert self.library is not None
        settings = self.settings
        self.link = link = StoreLink(settings, self.library)
        self.trail_writer = TrailWriter(link.record_trail)
        trail = SessionRecorder(self.trail_writer.put)
        self.kiosk = build_kiosk(settings, self.library, link.submit, spooled_errors=(NotStored,), window=self.window,
                                 trail=trail, auto_advance_ms=self.auto_advance_ms, history=link.history)

    def _connect_store(self) -> None:
        """Open the store on a worker, and staff mode over it (the PIN check waits for it)."""
        from kiosk.ui.app import install_staff_mode, store_staff_backend

        kiosk, link, library, settings = self.kiosk, self.link, self.library, self.settings
        assert kiosk is not None and link is not None and library is not None
        link.open_in_background(self._store_problem, self._store_answered)
        install_staff_mode(kiosk, lambda: store_staff_backend(link.opened_store(), library, settings), settings)

    def _store_answered(self) -> None:
        """The store is open (or cannot be): deliver spooled visits from now on. Only now,
        as its modules are imported by then (``StoreLink.open_in_background``)."""
        from kiosk.ui.delivery import Courier

        kiosk, link = self.kiosk, self.link
        assert kiosk is not None and link is not None
        courier = kiosk.courier = Courier(kiosk.window, link)
        kiosk.flow.submitted.connect(lambda outcome: courier.soon(5) if outcome == "spooled" else None)
        self.store_answered.emit()

    def _store_problem(self, why: str) -> None:
        assert self.kiosk is not None
        self.kiosk.window.notify_staff(f"● Store not available — check-ins are spooled: {why}")
        self.kiosk.courier.soon()  # keep trying: the database may come back without a restart

    def close(self) -> None:
        """The process is ending (SIGTERM, a fatal error): a session under way is stored as
        ``process_stopped`` (briefly waited for), then the store closes."""
        if self.kiosk is not None:
            self.kiosk.flow.trail.stop()
        if self.trail_writer is not None:
            self.trail_writer.close()
        if self.link is not None:
            self.link.close()
