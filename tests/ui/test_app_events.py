"""kiosk.ui.app_events: one application-wide filter, with Qt's own order and consumption."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.ui.app_events import app_events


class Watcher(QObject):
    def __init__(self, name: str, seen: list[str], keep: bool = False) -> None:
        super().__init__()
        self.name, self.seen, self.keep = name, seen, keep

    def handle(self, watched: QObject, event: QEvent) -> bool:
        self.seen.append(self.name)
        return self.keep


def _press() -> QMouseEvent:
    return QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.LeftButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_the_last_to_watch_is_asked_first_and_one_that_keeps_an_event_ends_it(qtbot: QtBot) -> None:
    events = app_events()
    assert events is not None and app_events() is events  # one per application
    seen: list[str] = []
    first, second = Watcher("first", seen), Watcher("second", seen, keep=True)
    button = QPushButton("under")
    qtbot.addWidget(button)
    pressed: list[bool] = []
    button.pressed.connect(lambda: pressed.append(True))
    try:
        events.watch({QMouseEvent}, first.handle, owner=first)
        events.watch({QMouseEvent}, second.handle, owner=second)
        QApplication.sendEvent(button, _press())
        assert seen == ["second"] and pressed == []  # kept: neither the first watcher nor the button saw it
        events.watch({QMouseEvent}, first.handle, owner=first)  # again: moved to the front, not doubled
        seen.clear()
        QApplication.sendEvent(button, _press())
        assert seen == ["first", "second"]
        seen.clear()
        QApplication.sendEvent(button, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
        assert seen == []  # not a class either asked for
    finally:
        events.unwatch(first.handle)
        events.unwatch(second.handle)


def test_a_destroyed_watcher_is_asked_nothing_more(qtbot: QtBot) -> None:
    events = app_events()
    assert events is not None
    seen: list[str] = []
    gone = Watcher("gone", seen)
    events.watch({QMouseEvent}, gone.handle, owner=gone)
    assert gone.handle in events.handlers_for(QMouseEvent)
    gone.deleteLater()
    qtbot.waitUntil(lambda: gone.handle not in events.handlers_for(QMouseEvent), timeout=2000)
    button = QPushButton("under")
    qtbot.addWidget(button)
    QApplication.sendEvent(button, _press())
    assert seen == []
