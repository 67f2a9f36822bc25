"""What keeps an unattended kiosk alive: systemd's notify messages and a net under the UI.

``READY=1`` goes out once the first slide is painted. ``WATCHDOG=1`` comes from a timer on
the UI thread, so a blocked event loop stops the pings and systemd restarts the app.
An unhandled exception in a slot wipes the visit and shows the slides (the patient never
sees a traceback); three within a minute mean something is broken for good, so the
process exits and systemd starts a fresh one.
"""

from __future__ import annotations

import logging
import signal
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.ops.doctor import CheckResult
from kiosk.ops.logs import event
from kiosk.ops.notify import Notifier
from kiosk.ui.background import BackgroundOp
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.first_paint import after_first_paint

log = logging.getLogger(__name__)

STATUS_EVERY_MS = 30_000
CRASH_LIMIT = 3
CRASH_WINDOW_S = 60.0
CRASH_EXIT_CODE = 70  # EX_SOFTWARE: systemd's Restart=always starts a new process


class ServiceNotifier(QObject):
    """Tells systemd the kiosk is up, alive (from the UI thread) and what it is waiting on."""

    def __init__(self, notifier: Notifier, status: Callable[[], str], parent: QObject) -> None:
        super().__init__(parent)
        self.notifier, self._status = notifier, status
        self.watchdog = QTimer(self)
        self.watchdog.timeout.connect(notifier.watchdog)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_EVERY_MS)
        self.status_timer.timeout.connect(self.send_status)

    def start_after_paint(self, first_screen: QObject) -> None:
        """READY once ``first_screen`` is painted; then the watchdog and status timers."""
        if not self.notifier.enabled:
            return
        after_first_paint(first_screen, self.ready)  # type: ignore[arg-type]
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.notifier.stopping)

    def ready(self) -> None:
        self.notifier.ready(self._safe_status())
        interval = self.notifier.watchdog_interval_ms()
        if interval is not None:
            self.notifier.watchdog()
            self.watchdog.start(interval)
        self.status_timer.start()

    def send_status(self) -> None:
        self.notifier.status(self._safe_status())

    def _safe_status(self) -> str:
        try:
            return self._status()
        except Exception as exc:  # noqa: BLE001 - a status line must never stop the pings
            return f"status unavailable ({type(exc).__name__})"


class CrashGuard:
    """``sys.excepthook`` for the kiosk: log without patient data, recover, or exit."""

    def __init__(self, recover: Callable[[], None], clock: Callable[[], float] = time.monotonic) -> None:
        self._recover, self._clock = recover, clock
        self.recent: list[float] = []
        self.exited = False

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        # The message may quote a patient's answer: log the kind and where, never the text.
        frames = traceback.extract_tb(tb)[-3:]
        where = " < ".join(f"{f.name} ({f.filename.rsplit('/', 1)[-1]}:{f.lineno})" for f in reversed(frames))
        log.error("unhandled %s in %s: visit wiped, slides shown", kind.__name__, where or "?")
        now = self._clock()
        self.recent = [t for t in self.recent if now - t < CRASH_WINDOW_S] + [now]
        if len(self.recent) >= CRASH_LIMIT:
            log.critical("%d unhandled errors within %.0f s: exiting for the service manager to restart",
                         len(self.recent), CRASH_WINDOW_S)
            self.exited = True
            QApplication.exit(CRASH_EXIT_CODE)
            return
        try:
            self._recover()
        except Exception as again:  # noqa: BLE001 - recovery itself broke: let systemd restart us
            log.critical("recovery after an unhandled error failed (%s): exiting", type(again).__name__)
            self.exited = True
            QApplication.exit(CRASH_EXIT_CODE)


def quit_on_sigterm(parent: QObject, wake_ms: int = 250) -> QTimer:
    """SIGTERM (``systemctl stop``) ends the event loop cleanly: STOPPING=1, store closed.

    Python runs signal handlers only between bytecodes, and Qt's event loop is C++, so a
    short idle timer gives the interpreter a chance to notice the signal.
    """
    signal.signal(signal.SIGTERM, lambda _signum, _frame: QApplication.exit(0))
    wake = QTimer(parent)
    wake.timeout.connect(lambda: None)
    wake.start(wake_ms)
    return wake


HEALTH_EVERY_MS = 5 * 60_000
HEALTH_FIRST_MS = 10_000


class HealthWatch(QObject):
    """Runs ``kiosk doctor``'s checks on a worker at start and every few minutes.

    A failing check puts a line on the kiosk's staff notice (the patient sees nothing
    alarming: a small line at the bottom only staff look for) and is logged; the line goes
    away when the check passes again.
    """

    def __init__(self, window: KioskWindow, run: Callable[[], list[CheckResult]],
                 every_ms: int = HEALTH_EVERY_MS, first_ms: int = HEALTH_FIRST_MS) -> None:
        super().__init__(window)
        self.window, self._run = window, run
        self.last: list[CheckResult] = []
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check_now)
        QTimer.singleShot(first_ms, self.check_now)
        self.timer.start()

    def check_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        BackgroundOp(self._run, self._show, self._broken).start()

    def _show(self, results: list[CheckResult]) -> None:
        self._busy = False
        self.last = results
        failing = [r for r in results if r.status == "fail"]
        event(log, "health_checked", fail=len(failing), warn=sum(r.status == "warn" for r in results))
        if failing:
            first = failing[0]
            more = f" (+{len(failing) - 1} more: kiosk doctor)" if len(failing) > 1 else ""
            self.window.notify_staff(f"● {first.name}: {first.fix or first.detail}{more}", source="health")
        else:
            self.window.notify_staff("", source="health")

    def _broken(self, exc: Exception) -> None:
        self._busy = False
        log.error("health checks could not run: %s", type(exc).__name__)
