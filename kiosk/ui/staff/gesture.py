"""The hidden way into staff mode: press and hold the top-left corner for three seconds.

An application-wide event filter sees the press before any screen does and keeps it, so a
press in the corner never starts a check-in or presses a button underneath; anywhere
else, touches pass through untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.app_events import app_events

HOLD_MS = 3000
CORNER_PX = 90

_POINTER = frozenset({QMouseEvent, QTouchEvent})
"""Touch and mouse events: all the filter is handed (event.type() builds a Python enum, 7 µs)."""
_PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.MouseButtonDblClick)
_MOVE = (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate)
_RELEASE = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


class CornerHold(QObject):
    """Emits ``triggered`` after a press held ``hold_ms`` in ``window``'s top-left corner."""

    triggered = Signal()

    def __init__(self, window: QWidget, hold_ms: int = HOLD_MS, corner_px: int = CORNER_PX) -> None:
        super().__init__(window)
        self._window = window
        self._corner = corner_px
        self._holding = False  # a corner press is under way: its events are ours
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.triggered.emit)
        events = app_events()
        if events is not None:
            events.watch(_POINTER, self.eventFilter, owner=self)

    def _window_point(self, event: QEvent) -> QPoint | None:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if not points:
                return None
            return self._window.mapFromGlobal(points[0].globalPosition().toPoint())
        if isinstance(event, QMouseEvent):
            return self._window.mapFromGlobal(event.globalPosition().toPoint())
        return None

    def _in_corner(self, point: QPoint | None) -> bool:
        return point is not None and 0 <= point.x() < self._corner and 0 <= point.y() < self._corner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()  # a touch or mouse event of the whole application (kiosk.ui.app_events)
        if kind not in _PRESS and kind not in _MOVE and kind not in _RELEASE:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if kind in _PRESS:
            if not self._in_corner(self._window_point(event)):
                return False
            self._holding = True
            self._timer.start()
            event.accept()
            return True
        if not self._holding:
            return False
        if kind in _MOVE and not self._in_corner(self._window_point(event)):
            self._timer.stop()  # slid out of the corner: not the gesture
        if kind in _RELEASE:
            self._holding = False
            self._timer.stop()
        # Moves and the release go on: Qt must see the touch end, or it keeps the finger's
        # grab and loses the next tap; a release without its press does nothing on screen.
        return False
