"""Tap → next question painted within a frame (issue #16): what runs between them is cheap.

The input watchers (keys, idle, the staff corner) share one application-wide event filter,
which sees the few hundred events a tap causes and hands each watcher only its classes of
event; ``event.type()`` builds a Python enum on every call (about 7 µs), and is never asked
of the others. The next question is painted once, after
all its changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPaintEvent, QTouchEvent
from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.app_events import app_events
from tests.ui.finger import Finger
from tests.ui.test_visit import start


class Unasked(QPaintEvent):
    """A paint event that fails the test if a filter asks its type."""

    asked = 0

    def type(self) -> QEvent.Type:  # noqa: A003 - Qt API
        Unasked.asked += 1
        return super().type()


def test_the_input_watchers_are_never_handed_a_paint_nor_is_its_type_asked(qtbot: QtBot, kiosk: Kiosk) -> None:
    """One application-wide filter (kiosk.ui.app_events) hands the keys, idle and staff-corner
    watchers only their events' classes: a paint reaches none of them, and nobody asks it."""
    assert kiosk.staff is None  # the fixture's kiosk has no staff mode: add its gesture alone
    from kiosk.ui.staff.gesture import CornerHold

    gesture = CornerHold(kiosk.window)
    kiosk.flow.start()  # the idle watcher watches only while a visit is under way
    events = app_events()
    assert events is not None
    handed: list[str] = []
    for watcher in (kiosk.window.keys, kiosk.flow.idle, gesture):
        assert watcher.eventFilter in events.handlers_for(QMouseEvent) + events.handlers_for(QKeyEvent)
    for cls in (QMouseEvent, QKeyEvent, QTouchEvent, QFocusEvent):
        handed += [type(h.__self__).__name__ for h in events.handlers_for(cls)]  # type: ignore[attr-defined]
    assert sorted(set(handed)) == ["CornerHold", "IdleWatcher", "KeyAccess"]
    event = Unasked(QRect(0, 0, 10, 10))
    assert events.handlers_for(Unasked) == () and events.handlers_for(QPaintEvent) == ()
    assert events.eventFilter(kiosk.window.question, event) is False
    assert Unasked.asked == 0, f"{Unasked.asked} filter(s) asked a paint event its type"
    kiosk.flow.wipe()


class PaintCount(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if type(event) is QPaintEvent:
            self.paints += 1
        return False


def test_the_next_question_is_painted_once_after_all_its_changes(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    """QProgressBar.setValue repaints at once: the bar was drawn twice inside every step change
    (emptied, then the new fraction), each time before the question it belongs to."""
    start(finger, kiosk, "en")
    finger.answer(ItemType.text, "José Núñez")  # on to the preferred name: the bar has moved on
    session = kiosk.flow.session
    assert session is not None and session.step.kind == "question"
    bar = kiosk.window.question.progress.bar
    count = PaintCount()
    bar.installEventFilter(count)
    before = bar.value()
    session.back()  # the flow shows the previous question at once (no event loop in between)
    assert bar.value() != before
    assert count.paints == 0, "the progress bar was painted while the question was still being changed"
    qtbot.waitUntil(lambda: count.paints > 0, timeout=5000)  # and it is painted with the next frame
    bar.removeEventFilter(count)
