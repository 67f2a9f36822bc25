"""The application-wide event filters (keys, idle, the staff corner) are cheap for the
hundreds of events a tap causes that are none of their business (issue #16: tap → next
question painted within a frame). ``event.type()`` builds a Python enum on every call (about
7 µs); an event of another class must be turned away before it is asked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk


class Unasked(QPaintEvent):
    """A paint event that fails the test if a filter asks its type."""

    asked = 0

    def type(self) -> QEvent.Type:  # noqa: A003 - Qt API
        Unasked.asked += 1
        return super().type()


def test_app_wide_filters_turn_away_a_paint_without_asking_its_type(qtbot: QtBot, kiosk: Kiosk) -> None:
    assert kiosk.staff is None  # the fixture's kiosk has no staff mode: add its gesture alone
    from kiosk.ui.staff.gesture import CornerHold

    gesture = CornerHold(kiosk.window)
    filters: list[QObject] = [kiosk.window.keys, kiosk.flow.idle, gesture]
    kiosk.flow.start()  # the idle watcher filters only while a visit is under way
    event = Unasked(QRect(0, 0, 10, 10))
    for watcher in filters:
        assert watcher.eventFilter(kiosk.window.question, event) is False
    assert Unasked.asked == 0, f"{Unasked.asked} filter(s) asked a paint event its type"
    kiosk.flow.wipe()
