"""The kiosk's heartbeat every 15 s, written on a worker (see kiosk.fleet.heartbeat)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk import __version__
from kiosk.fleet.heartbeat import EVERY_S, Heartbeat, PrinterState, Screen, write_heartbeat
from kiosk.ops.doctor import CheckResult
from kiosk.ops.status import print_queue_depth, spool_depth
from kiosk.ui.background import BackgroundOp
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.store_link import StoreLink

log = logging.getLogger(__name__)


def printer_state(results: list[CheckResult]) -> PrinterState:
    found = next((r for r in results if r.name == "printer"), None)
    if found is None or found.status == "warn":
        return "none"
    return "ok" if found.status == "ok" else "trouble"


class HeartbeatSender(QObject):
    """Collects the kiosk's state on the UI thread (cheap), writes it on a worker."""

    def __init__(self, window: KioskWindow, link: StoreLink, kiosk_id: str,
                 checks: Callable[[], list[CheckResult]], last_submit: Callable[[], dt.datetime | None],
                 every_ms: int = EVERY_S * 1000) -> None:
        super().__init__(window)
        self.window, self.link, self.kiosk_id = window, link, kiosk_id
        self._checks, self._last_submit = checks, last_submit
        self.sent = 0
        self._busy = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.beat)
        self.timer.start(every_ms)

    def screen(self) -> Screen:
        current = self.window.current_screen()
        if current is self.window.attract:
            return "slides"
        if current is not None and current.objectName() == "StaffMode":
            return "staff"
        return "visit"

    def collect(self) -> Heartbeat:
        data_dir = self.link.settings.data_dir
        results = self._checks()
        return Heartbeat(
            kiosk_id=self.kiosk_id, at=dt.datetime.now(dt.timezone.utc), app_version=__version__,
            spool_depth=spool_depth(data_dir), print_queue_depth=print_queue_depth(data_dir),
            printer_state=printer_state(results), last_submit_at=self._last_submit(), screen=self.screen(),
            problems=",".join(r.name for r in results if r.status == "fail")[:500],
        )

    def beat(self) -> None:
        store = self.link.store
        if store is None or self._busy:
            return  # no database: the desk will show this kiosk offline, as it should
        self._busy = True
        beat = self.collect()
        BackgroundOp(lambda: write_heartbeat(store.engine, beat), self._done, self._failed).start()

    def _done(self, _result: object) -> None:
        self._busy = False
        self.sent += 1

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        log.warning("heartbeat not written: %s", type(exc).__name__)
