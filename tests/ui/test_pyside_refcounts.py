"""PySide6 must not drop references to None/True/False (6.12.0 on Python 3.11 does: the
kiosk would abort with "deallocating None" after a few thousand widget calls)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        label.update()
    assert sys.getrefcount(None) - before > -50, "this PySide6 build leaks references to None"
