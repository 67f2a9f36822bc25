"""The desk's part in escalation: run the escalator on a worker every 30 s and re-alert.

Any open desk (and any kiosk) runs it; the escalations table makes sure each notice goes
out once. A visit escalated and not yet acknowledged brings the red banner and the sound
back on every desk, once per escalation.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.background import BackgroundOp

log = logging.getLogger(__name__)
EVERY_MS = 30_000
Escalated = tuple[uuid.UUID, dt.datetime, str]


class EscalationWatch(QObject):
    """Emits ``escalated(id, when, kiosk)`` once for each newly escalated, unacknowledged visit."""

    escalated = Signal(object, object, str)

    def __init__(self, run: Callable[[], list[Escalated]], every_ms: int = EVERY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._announced: set[uuid.UUID] = set()
        self._busy = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check_now)
        self.timer.start(every_ms)

    def check_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        BackgroundOp(self._run, self._found, self._failed).start()

    def _found(self, open_ones: list[Escalated]) -> None:
        self._busy = False
        for submission_id, when, kiosk in open_ones:
            if submission_id not in self._announced:
                self._announced.add(submission_id)
                self.escalated.emit(submission_id, when, kiosk)
        self._announced &= {row[0] for row in open_ones}  # acknowledged ones may come back no more

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        log.warning("escalation check failed: %s", type(exc).__name__)

    def stop(self) -> None:
        self.timer.stop()
