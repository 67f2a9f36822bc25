"""Small helpers screens share: role-styled labels and the Back/Next row."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui.key_access import GOES_BACK
from kiosk.ui.sizes import NAV_BACK_MIN_WIDTH, NAV_FORWARD_MIN_WIDTH
from kiosk.ui.widgets.base import touch_button


def label(text: str, role: str, parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A label styled by its QSS ``role`` (title, question, hint, ...)."""
    widget = QLabel(text, parent)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    return widget


def nav_row(parent: QWidget) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Back on the left, the primary action on the right, as on every screen."""
    row = QHBoxLayout()
    row.setSpacing(24)
    back = touch_button("", "secondary", parent)
    forward = touch_button("", "primary", parent)
    # as wide as their words at every text size (never cut), at least a comfortable target
    for button, least in ((back, NAV_BACK_MIN_WIDTH), (forward, NAV_FORWARD_MIN_WIDTH)):
        button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        button.setProperty("nav", True)
        button.setMinimumWidth(least)
    back.setProperty(GOES_BACK, True)  # a switch user's long press
    row.addWidget(back)
    row.addStretch(1)
    row.addWidget(forward)
    return row, back, forward
