"""The on-screen keyboard fits the 1280x800 tablet at every text size: nothing cut off or under Back/Next."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import KEY_SIZE, TEXT_SCALES
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.finger import Finger
from tests.ui.screen_walk import bundled_kiosk  # noqa: F401 - a fixture
from tests.ui.test_visit import start


def test_every_key_row_clears_the_back_next_row_at_every_text_size(qtbot: QtBot, bundled_kiosk: Kiosk) -> None:
    kiosk = bundled_kiosk
    finger = Finger(qtbot, kiosk)
    start(finger, kiosk, "en")
    window, screen = kiosk.window, kiosk.window.question
    assert isinstance(screen.input, TextInput)
    assert (window.width(), window.height()) == (1280, 800)
    for size in TEXT_SCALES:
        finger.tap(window.top_bar.size_buttons[size])
        qtbot.wait(20)
        widget = screen.input
        assert isinstance(widget, TextInput)
        nav_top = screen.back_button.mapTo(window, QPoint(0, 0)).y()
        for key, button in widget.keyboard.keys.items():
            bottom = button.mapTo(window, QPoint(0, button.height())).y()
            assert bottom <= nav_top, f"{size}: key {key!r} runs under Back/Next"
            assert button.height() >= max(56, KEY_SIZE), f"{size}: key {key!r} is {button.height()} px"
        for label in (screen.question, screen.help, screen.instructions, widget.display):
            if label.isVisible():
                needed = label.heightForWidth(label.width()) if label.hasHeightForWidth() else label.sizeHint().height()
                assert needed <= label.height(), f"{size}: {label.property('role')} label is cut off"
        display_bottom = widget.display.mapTo(window, QPoint(0, widget.display.height())).y()
        assert display_bottom <= widget.keyboard.mapTo(window, QPoint(0, 0)).y(), f"{size}: entry overlaps keys"
