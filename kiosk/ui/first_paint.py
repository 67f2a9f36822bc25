"""``after_first_paint``: run work once a widget's pixels are really drawn.

A module of its own, so the start path can use it without importing what the store link,
the flow or the forms need (each import before the first slide delays it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget, self.callback = widget, callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            # An event filter runs before the widget's own paintEvent: calling back here made the
            # first slide wait for everything the callback imports (the store, SQLAlchemy).
            QTimer.singleShot(0, self.callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``widget`` has really been painted (not merely shown): just after
    its first paint event is done, so nothing the callback does delays the pixels."""
    widget.installEventFilter(_FirstPaint(widget, callback))
