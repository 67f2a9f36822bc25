"""A test "finger": taps and drags with real touch events, and answers questions by tapping."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.keyboard import SPACE
from kiosk.ui.widgets.pad_entry import PadInput, TimeInput
from kiosk.ui.widgets.scrolling import scroll_into_view
from kiosk.ui.widgets.signature import SignatureInput
from kiosk.ui.widgets.text_entry import TextInput

_DEVICE: QPointingDevice | None = None


def touch_device() -> QPointingDevice:
    global _DEVICE
    if _DEVICE is None:
        _DEVICE = QTest.createTouchDevice()
    return _DEVICE


class Finger:
    """Touches the kiosk window as a patient would (touch events, not method calls)."""

    def __init__(self, qtbot: QtBot, kiosk: Kiosk) -> None:
        self.qtbot = qtbot
        self.kiosk = kiosk

    def tap(self, widget: QWidget, point: QPoint | None = None) -> None:
        """Touch down and up on ``widget`` (at its centre), through the window like a finger."""
        self.qtbot.wait(1)  # let a screen that just appeared lay itself out
        assert widget.isVisible(), f"cannot tap a hidden {type(widget).__name__}"
        self.bring_into_view(widget)
        window = widget.window()
        at = widget.mapTo(window, point if point is not None else widget.rect().center())
        QTest.touchEvent(window, touch_device()).press(0, at).commit()
        self.qtbot.wait(1)
        QTest.touchEvent(window, touch_device()).release(0, at).commit()
        self.qtbot.wait(1)

    def bring_into_view(self, widget: QWidget) -> None:
        """Scroll a long screen until ``widget`` shows, as a patient would before tapping it."""
        scroll_into_view(widget)
        self.qtbot.wait(1)

    def click(self, widget: QWidget) -> None:
        """A mouse click, for the tests that use a mouse like a desk PC would."""
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def drag(self, widget: QWidget, points: list[QPoint], pause_ms: int = 0) -> None:
        """A finger stroke across ``widget`` through ``points`` (widget coordinates)."""
        window = widget.window()
        at = [widget.mapTo(window, p) for p in points]
        QTest.touchEvent(window, touch_device()).press(0, at[0]).commit()
        for point in at[1:]:
            if pause_ms:
                self.qtbot.wait(pause_ms)
            QTest.touchEvent(window, touch_device()).move(0, point).commit()
        QTest.touchEvent(window, touch_device()).release(0, at[-1]).commit()
        self.qtbot.wait(1)

    def mouse_drag(self, widget: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
        """Press the left button at ``start``, move to ``end`` at a finger's pace, release (widget coordinates)."""
        self.qtbot.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for step in range(1, steps + 1):
            self.qtbot.wait(16)  # the scroller measures real time between moves
            self.qtbot.mouseMove(widget, start + (end - start) * (step / steps))
        self.qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
        self.qtbot.wait(1)

    def touch_drag(self, widget: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
        """A finger stroke from ``start`` to ``end`` at a finger's pace (widget coordinates)."""
        self.drag(widget, [start + (end - start) * (step / steps) for step in range(steps + 1)], pause_ms=16)

    # --- answering ---------------------------------------------------------------------
    @property
    def window(self) -> Any:
        return self.kiosk.window

    def next(self) -> None:
        self.tap(self.window.question.next_button)

    def open(self, form_id: str, item_id: str, language: str = "en") -> Any:
        """A fresh visit straight at one question (as staff testing it would); its input."""
        self.kiosk.flow.start()
        session = self.kiosk.flow.session
        assert session is not None
        session.set_language(language)
        session.go_to(form_id, item_id)
        return self.window.question.input

    def pass_reading(self) -> None:
        """Tap Next through a form's intro screen and information texts (nothing to answer)."""
        while (session := self.kiosk.flow.session) is not None and (
            session.step.kind == "intro" or (session.step.kind == "question" and session.item().type is ItemType.info)
        ):
            before = session.step
            self.next()
            assert session.step != before, "Next did not move on from a screen to read"

    def type_text(self, text: str) -> None:
        widget = self.window.question.input
        assert isinstance(widget, TextInput)
        for ch in text:
            key = SPACE if ch == " " else ch.lower()
            self.tap(widget.keyboard.keys[key])

    def type_digits(self, digits: str) -> None:
        widget = self.window.question.input
        assert isinstance(widget, PadInput)
        for ch in digits:
            self.tap(widget.pad.keys[ch])

    def sign(self) -> None:
        widget = self.window.question.input
        assert isinstance(widget, SignatureInput)
        pad = widget.pad
        w, h = pad.width(), pad.height()
        self.drag(pad, [QPoint(int(w * x / 10), int(h * (0.3 + 0.4 * (x % 2)))) for x in range(1, 9)])

    def answer(self, kind: ItemType, value: Any, *, insist: bool = True) -> None:
        """Answer the current question by taps; ``value`` as the patient would enter it.

        A form's intro screen or information text in the way is read first (Next). With
        ``insist``, a time the kiosk doubts (later than now: last night?) is kept by a
        second Next, as a patient who meant it would.
        """
        self.pass_reading()
        widget = self.window.question.input
        session = self.kiosk.flow.session
        before = session.step if session else None
        if kind in (ItemType.single_choice, ItemType.yes_no):
            assert isinstance(widget, ChoiceInput)
            self.tap(widget.button_for(value))
            if self.kiosk.window.current_screen() is self.kiosk.window.critical:
                return
            if not self.kiosk.flow.auto_advance:
                self.next()
                return
            self.qtbot.waitUntil(lambda: self.kiosk.flow.session is None or self.kiosk.flow.session.step != before)
            return
        if kind is ItemType.multiple_choice:
            assert isinstance(widget, ChoiceInput)
            for code in value:
                self.tap(widget.button_for(code))
        elif kind is ItemType.text:
            self.type_text(value)
        elif kind in (ItemType.date, ItemType.phone, ItemType.number):
            self.type_digits(value)
        elif kind is ItemType.time:
            assert isinstance(widget, TimeInput)
            digits, half = value
            self.type_digits(digits)
            self.tap(widget.pm if half == "PM" else widget.am)
        elif kind is ItemType.signature:
            self.sign()
        self.next()
        if insist and kind is ItemType.time and session is not None and session.step == before:
            self.next()
