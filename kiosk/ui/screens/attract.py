"""Placeholder attract screen until the slide show lands: one calm line, tap to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.screens.common import label
from kiosk.ui.strings import tr


class AttractScreen(QWidget):
    """The idle screen: any tap (touch or mouse) starts a check-in."""

    tapped = Signal()

    def __init__(self, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttractScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = label(tr("welcome", "en", clinic=clinic_name), "title", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addSpacing(24)
        for language in ("en", "es"):
            line = label(tr("tap_to_start", language), "attract" if language == "en" else "attract-second", self)
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(line)
        layout.addStretch(3)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # a finger's touch arrives here as a synthesized mouse press
        event.accept()
        self.tapped.emit()
