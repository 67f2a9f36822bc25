"""Qt's own messages in our commands: known-harmless ones dropped, every other one shown.

``kiosk slides render`` printed 16 lines of "This plugin does not support
propagateSizeHints()": the offscreen platform (and some others) cannot pass a window's
size hints to a window manager, which changes nothing for us. Qt sends that through its
*default* logging category, so ``QT_LOGGING_RULES`` could only silence it together with
every real warning; a message handler drops exactly the known texts instead.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

HARMLESS = frozenset({
    # offscreen/minimal platforms: a window's size hints have no window manager to go to
    "This plugin does not support propagateSizeHints()",
})


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message in HARMLESS:
        return
    category = context.category if context.category and context.category != "default" else ""
    print(f"{category}: {message}" if category else message, file=sys.stderr)


def install_message_filter() -> None:
    """Route Qt's messages through ``_handle`` (for the rest of the process)."""
    qInstallMessageHandler(_handle)


def application(argv: Sequence[str] = ()) -> QApplication:
    """The process's QApplication (made once), with Qt's harmless messages filtered out."""
    install_message_filter()
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(list(argv))
