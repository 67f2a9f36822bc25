"""The desk's strip of kiosks: who is online, who went quiet, whose spool or printer needs a look.

Read from the heartbeats every 15 s on a worker (kiosk.fleet.heartbeat); no patient data.
A kiosk that cannot reach the database cannot send a heartbeat, so it shows as offline with
"visits may be waiting there": a person should go and look.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.fleet.heartbeat import EVERY_S, KioskStatus
from kiosk.ui.background import BackgroundOp

log = logging.getLogger(__name__)


class FleetStrip(QLabel):
    """One line per kiosk that needs attention, or a short "all online" line."""

    def __init__(self, run: Callable[[], list[KioskStatus]], every_ms: int = EVERY_S * 1000,
                 parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("DeskFleet")
        self.setWordWrap(True)
        self._run = run
        self._busy = False
        self.kiosks: list[KioskStatus] = []
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.setInterval(every_ms)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        BackgroundOp(self._run, self._show, self._failed).start()

    def _show(self, kiosks: list[KioskStatus]) -> None:
        self._busy = False
        self.kiosks = kiosks
        troubled = [k for k in kiosks if k.summary != "online"]
        if not kiosks:
            text = "Kiosks: none has reported yet"
        elif not troubled:
            text = f"Kiosks: all {len(kiosks)} online ({', '.join(k.kiosk_id for k in kiosks)})"
        else:
            text = "Kiosks: " + " · ".join(f"{k.kiosk_id} {k.summary}" for k in troubled)
        self.setText(text)
        self.setProperty("trouble", bool(troubled))
        self.style().unpolish(self)
        self.style().polish(self)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        log.warning("fleet status not read: %s", type(exc).__name__)
