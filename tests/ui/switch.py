"""A test "switch": drives the kiosk by key events alone, as a single-switch user in scan mode would.

Space moves the highlight, Enter chooses, a long Space goes back. Nothing is tapped and no
widget method is called: the switch only sees what is highlighted (the focus).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.key_access import LONG_PRESS_SECONDS
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.keyboard import SPACE
from kiosk.ui.widgets.pad_entry import PadInput, TimeInput
from kiosk.ui.widgets.signature import SignatureInput
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.visit_robot import plausible


class Switch:
    """Presses Space and Enter on the kiosk window; chooses a target by scanning to it."""

    def __init__(self, qtbot: QtBot, kiosk: Kiosk) -> None:
        self.qtbot, self.kiosk = qtbot, kiosk
        self.presses = 0

    def key(self, key: Qt.Key) -> None:
        self.presses += 1
        self.qtbot.keyClick(self.kiosk.window, key)

    def hold_space(self) -> None:
        """A long press: down, held past LONG_PRESS_SECONDS, up."""
        self.qtbot.keyPress(self.kiosk.window, Qt.Key.Key_Space)
        self.qtbot.wait(int(LONG_PRESS_SECONDS * 1000) + 300)
        self.qtbot.keyRelease(self.kiosk.window, Qt.Key.Key_Space)

    def choose(self, target: QWidget) -> None:
        """Space until ``target`` is highlighted (at most once round), then Enter."""
        self.qtbot.wait(1)
        for _ in range(len(self.kiosk.window.keys.targets()) + 1):
            if QApplication.focusWidget() is target:
                self.key(Qt.Key.Key_Return)
                self.qtbot.wait(1)
                return
            self.key(Qt.Key.Key_Space)
        raise AssertionError(f"the scan never reached {type(target).__name__} {getattr(target, 'text', lambda: '')()!r}")

    def answer_visit(self, limit: int = 200) -> None:
        """From the first question to the thank-you, by the switch alone."""
        window = self.kiosk.window
        for _ in range(limit):
            session = self.kiosk.flow.session
            if session is None:
                return
            if window.current_screen() is window.critical:
                self.choose(window.critical.button)
            elif session.step.kind == "review":
                self.choose(window.review.ok_button)
            elif session.step.kind == "intro" or session.item().type is ItemType.info:
                self.choose(window.question.next_button)
            else:
                before = session.step
                self.answer(session.item().type, plausible(session.form(), session.item()))
                self.qtbot.waitUntil(lambda: self.kiosk.flow.session is None or self.kiosk.flow.session.step != before
                                     or window.current_screen() is window.critical)
        raise AssertionError("the visit did not end")

    def answer(self, kind: ItemType, value: Any) -> None:
        widget: Any = self.kiosk.window.question.input
        if isinstance(widget, ChoiceInput):
            for code in value if isinstance(value, list) else [value]:
                self.choose(widget.button_for(code))
            if widget.single_tap:
                return  # auto-advance
        elif isinstance(widget, TextInput):
            for ch in value:
                self.choose(widget.keyboard.keys[SPACE if ch == " " else ch.lower()])
        elif isinstance(widget, TimeInput):
            digits, half = value
            for ch in digits:
                self.choose(widget.pad.keys[ch])
            self.choose(widget.pm if half == "PM" else widget.am)
        elif isinstance(widget, PadInput):
            for ch in value:
                self.choose(widget.pad.keys[ch])
        elif isinstance(widget, SignatureInput):
            self.choose(widget.pad)
        self.choose(self.kiosk.window.question.next_button)
        if kind is ItemType.time and self.kiosk.window.question.error.isVisible():
            self.choose(self.kiosk.window.question.next_button)  # "later than now?": yes, I meant it
