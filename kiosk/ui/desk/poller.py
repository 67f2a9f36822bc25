"""Keeps the review queue live: asks the store every half second, off the UI thread.

Polling works the same on SQLite and PostgreSQL and across machines; a new critical
submission is announced once so the desk can raise an alert.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.background import BackgroundOp

POLL_MS = 500
"""Half a second keeps "appears within 2 s" true with room to spare on a busy desk PC;
the day's queue query costs a few milliseconds."""


def needs_alert(entry: Any) -> bool:
    """A new check-in staff must hear about: a critical flag, or any crisis (suicide-risk) flag."""
    return bool(entry.severity == "critical" or any(f.category == "crisis" for f in entry.flags))


class QueuePoller(QObject):
    """Emits ``updated(entries)`` after each poll and ``new_critical(entry)`` for new critical ones."""

    updated = Signal(list)
    new_critical = Signal(object)
    failed = Signal(str)

    def __init__(self, fetch: Callable[[], list[Any]], interval_ms: int = POLL_MS) -> None:
        super().__init__()
        self._fetch = fetch
        self._seen: set[object] | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        BackgroundOp(self._fetch, self._on_entries, self._on_error).start()

    def _on_entries(self, entries: list[Any]) -> None:
        self._busy = False
        ids = {e.id for e in entries}
        if self._seen is not None:
            for entry in entries:
                if entry.id not in self._seen and needs_alert(entry):
                    self.new_critical.emit(entry)
        self._seen = ids if self._seen is None else self._seen | ids
        self.updated.emit(entries)

    def _on_error(self, exc: Exception) -> None:
        self._busy = False
        self.failed.emit(f"Cannot reach the database: {type(exc).__name__}")
