"""Seven answer choices (USAUDIT items 1-3) fit the 1280x800 tablet at every text size, in
both languages: no button squashed, cut off or under Back/Next, no label cut off. The form's
instructions give way when they would not fit, and come back when they do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TOUCH_MIN
from kiosk.ui.widgets.choice import ChoiceInput
from tests.ui.finger import Finger
from tests.ui.test_keyboard_fit import bundled_kiosk  # noqa: F401 - fixture
from tests.ui.test_visit import start


@pytest.mark.parametrize("language", ["en", "es"])
def test_seven_choices_fit_at_every_text_size(qtbot: QtBot, bundled_kiosk: Kiosk, language: str) -> None:  # noqa: F811
    kiosk = bundled_kiosk
    finger = Finger(qtbot, kiosk)
    start(finger, kiosk, language)
    session = kiosk.flow.session
    assert session is not None
    session.answers["usaudit"]["q1"] = 3
    session.go_to("usaudit", "q3")
    window, screen = kiosk.window, kiosk.window.question
    seen_instructions = set()
    for size in ("A", "A+", "A++", "A"):
        finger.tap(window.top_bar.size_buttons[size])
        qtbot.wait(30)
        widget = screen.input
        assert isinstance(widget, ChoiceInput) and len(widget.buttons) == 7
        nav_top = screen.back_button.mapTo(window, QPoint(0, 0)).y()
        tops = []
        for _code, button in widget.buttons:
            finger.bring_into_view(button)  # a long screen scrolls; each choice shows whole above Back/Next
            top = button.mapTo(window, QPoint(0, 0))
            assert button.height() >= TOUCH_MIN, f"{size}: a choice is squashed to {button.height()} px"
            assert top.y() + button.height() <= nav_top, f"{size}: {button.label_text()!r} runs under Back/Next"
            tops.append((button.x(), button.y(), button.height()))
        for (x1, y1, h1), (x2, y2, _h2) in zip(tops, tops[1:]):
            assert x1 != x2 or y1 + h1 <= y2, f"{size}: choices overlap"
        for label in (screen.question, screen.help, screen.instructions):
            if label.isVisible():
                needed = label.heightForWidth(label.width()) if label.hasHeightForWidth() else label.sizeHint().height()
                assert needed <= label.height(), f"{size}: {label.property('role')} label is cut off"
        seen_instructions.add((size, screen.instructions.isVisible()))
    if language == "en":  # room for them at the normal size, not at the largest
        assert ("A", True) in seen_instructions and ("A++", False) in seen_instructions
