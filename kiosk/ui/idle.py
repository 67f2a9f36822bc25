"""Noticing that nobody is at the kiosk: idle timer, then a countdown, then expiry."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWheelEvent

from kiosk.ui.app_events import app_events

_ACTIVITY = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.KeyPress, QEvent.Type.Wheel,
})
_ACTIVITY_CLASSES = frozenset({QMouseEvent, QTouchEvent, QKeyEvent, QWheelEvent})
"""The classes of those events: all the filter is handed (event.type() builds a Python enum, 7 µs)."""


class IdleWatcher(QObject):
    """After ``timeout`` s without a touch: ``warn(n)`` each second for ``countdown`` s, then ``expired``."""

    warn = Signal(int)
    expired = Signal()

    def __init__(self, timeout: float, countdown: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.remaining = 0
        self.active = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._start_countdown)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._count)
        self.configure(timeout, countdown)

    def configure(self, timeout: float, countdown: int, tick_ms: int = 1000) -> None:
        """Set the idle time (s), the countdown length and the length of one count (ms)."""
        self.countdown = countdown
        self._idle.setInterval(round(timeout * 1000))
        self._tick.setInterval(tick_ms)

    @property
    def warning(self) -> bool:
        return self._tick.isActive()

    def start(self) -> None:
        """Watch for inactivity (a visit is under way)."""
        self.active = True
        # watching the application's input costs a call per event: only while a visit is under
        # way (watching again moves it to the front, it is never doubled)
        events = app_events()
        if events is not None:
            events.watch(_ACTIVITY_CLASSES, self.eventFilter, owner=self)
        self.keep_alive()

    def stop(self) -> None:
        """Nothing to protect (slides or thank-you showing)."""
        events = app_events()
        if events is not None:
            events.unwatch(self.eventFilter)
        self.active = False
        self._idle.stop()
        self._tick.stop()

    def keep_alive(self) -> None:
        """The patient is here: end any countdown and restart the idle timer."""
        self._tick.stop()
        if self.active:
            self._idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every input event of the application (kiosk.ui.app_events). During the countdown
        # only the "I'm still here" button keeps the visit.
        if event.type() in _ACTIVITY and self.active and not self._tick.isActive():
            self._idle.start()
        return False

    def _start_countdown(self) -> None:
        self.remaining = self.countdown
        self._tick.start()
        self.warn.emit(self.remaining)

    def _count(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.warn.emit(self.remaining)
            return
        self.stop()
        self.expired.emit()
