"""Keeps the review queue live, off the UI thread.

With a change watcher (PostgreSQL LISTEN/NOTIFY, SQLite's data_version; kiosk.fleet.push)
the queue is fetched when it changed, plus a slow safety poll; without one it is polled
every half second. A new critical submission is announced once so the desk can alert.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.background import BackgroundOp

POLL_MS = 500
"""Half a second keeps "appears within 2 s" true with room to spare on a busy desk PC;
the day's queue query costs a few milliseconds."""
SAFETY_POLL_MS = 10_000
"""With push, a slow poll still catches anything a lost connection made the desk miss."""
WATCH_SLICE_S = 0.5

log = logging.getLogger(__name__)


class QueuePoller(QObject):
    """Emits ``updated(entries)`` after each poll and ``new_critical(entry)`` for new critical ones."""

    updated = Signal(list)
    new_critical = Signal(object)
    failed = Signal(str)
    changed = Signal()  # from the watcher thread; Qt queues it to the UI thread
    lost = Signal()  # the watcher's connection broke: poll fast again (UI thread)

    def __init__(self, fetch: Callable[[], list[Any]], interval_ms: int = POLL_MS,
                 watch: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self._fetch, self._watch = fetch, watch
        self._seen: set[object] | None = None
        self._busy = False
        self._again = False  # a change arrived while a fetch ran: fetch once more after it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(SAFETY_POLL_MS if watch is not None else interval_ms)
        self._timer.timeout.connect(self.poll)
        self.changed.connect(self.poll)
        self.lost.connect(lambda: self._timer.setInterval(POLL_MS))

    @property
    def pushed(self) -> bool:
        """Whether changes are pushed to this desk (else it polls every half second)."""
        return self._thread is not None

    def start(self) -> None:
        self.poll()
        if self._watch is not None and self._thread is None:
            try:
                watcher = self._watch()
            except Exception as exc:  # noqa: BLE001 - no push: fall back to polling, say why in the log
                log.warning("no push from the database (%s): polling every %d ms", type(exc).__name__, POLL_MS)
                self._timer.setInterval(POLL_MS)
            else:
                self._stop.clear()
                self._thread = threading.Thread(target=self._listen, args=(watcher,), daemon=True,
                                                name="queue-watcher")
                self._thread.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=2 * WATCH_SLICE_S + 1)

    def _listen(self, watcher: Any) -> None:
        try:
            while not self._stop.is_set():
                if watcher.wait(WATCH_SLICE_S) and not self._stop.is_set():
                    self.changed.emit()
        except Exception as exc:  # noqa: BLE001 - the connection broke: the safety poll carries on
            log.warning("queue watcher stopped (%s): polling every %d ms", type(exc).__name__, POLL_MS)
            self.lost.emit()
        finally:
            watcher.close()

    def poll(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._again = False
        BackgroundOp(self._fetch, self._on_entries, self._on_error).start()

    def _on_entries(self, entries: list[Any]) -> None:
        self._busy = False
        if self._again:
            self.poll()
        ids = {e.id for e in entries}
        if self._seen is not None:
            for entry in entries:
                if entry.id not in self._seen and entry.severity == "critical":
                    self.new_critical.emit(entry)
        self._seen = ids if self._seen is None else self._seen | ids
        self.updated.emit(entries)

    def _on_error(self, exc: Exception) -> None:
        self._busy = False
        self.failed.emit(f"Cannot reach the database: {type(exc).__name__}")
