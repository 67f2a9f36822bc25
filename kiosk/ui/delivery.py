"""Background delivery of spooled visits in the running kiosk (a restart is not needed).

After a visit was spooled, and whenever the spool holds visits, a worker tries the
database with a growing pause (5 s, 10 s … 5 min); the staff line says how many wait and
goes away once they are stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.fleet.delivery import Delivery, backoff_seconds, deliver
from kiosk.ops.logs import event
from kiosk.ops.status import spool_depth
from kiosk.ui.background import BackgroundOp
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.store_link import StoreLink

log = logging.getLogger(__name__)
LOOK_EVERY_MS = 60_000


class Courier(QObject):
    """Tries to deliver the spool off the UI thread, backing off while the database is away."""

    def __init__(self, window: KioskWindow, link: StoreLink, look_every_ms: int = LOOK_EVERY_MS,
                 pause: Callable[[int], float] = backoff_seconds) -> None:
        super().__init__(window)
        self.window, self.link, self._pause = window, link, pause
        self.failures = 0
        self.busy = False
        self.last: Delivery | None = None
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.timeout.connect(self.try_now)
        self._look = QTimer(self)
        self._look.timeout.connect(self._look_at_spool)
        self._look.start(look_every_ms)

    def soon(self, delay_s: float | None = None) -> None:
        """Try again after ``delay_s`` (default: the current backoff)."""
        if not self._next.isActive() and not self.busy:
            self._next.start(round(1000 * (self._pause(self.failures) if delay_s is None else delay_s)))

    def _look_at_spool(self) -> None:
        if spool_depth(self.link.settings.data_dir):
            self.soon()

    def try_now(self) -> None:
        if self.busy:
            return
        self.busy = True
        link, store = self.link, self.link.store

        def work() -> tuple[object, Delivery]:
            opened, result = deliver(link.settings, store)
            if store is None and opened is not None:
                link.prepared(opened)  # a store opened late also keeps each visit's definitions
            return opened, result

        BackgroundOp(work, self._done, self._broken).start()

    def _done(self, outcome: tuple[object, Delivery]) -> None:
        store, result = outcome
        self.busy, self.last = False, result
        if store is not None and self.link.store is None:
            self.link.store, self.link.problem = store, None  # the database answered at last
        if result.delivered:
            event(log, "spool_delivered", delivered=result.delivered, waiting=result.waiting)
        if result.waiting:
            self.failures += 1
            self.window.notify_staff(f"● {result.waiting} check-in(s) saved offline — tell staff")
            self.soon()
        else:
            self.failures = 0
            self.window.notify_staff("")

    def _broken(self, exc: Exception) -> None:
        self.busy = False
        self.failures += 1
        log.error("spool delivery failed: %s", type(exc).__name__)
        self.soon()
