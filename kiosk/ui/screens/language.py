"""English or Spanish: the first choice of every visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.screens.common import label, nav_row
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import touch_button
from kiosk.ui.widgets.spoken import Said

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class LanguageScreen(QWidget):
    """Two large buttons, each naming its language in that language."""

    chosen = Signal(str)
    back_tapped = Signal()

    def __init__(self, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 48, 96, 24)
        layout.addStretch(1)
        title = label(tr("welcome", "en", clinic=clinic_name), "title", self)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.prompts: list[Said] = []
        for language in ("en", "es"):
            line = label(tr("choose_language", language), "instructions", self)
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(line)
            self.prompts.append(Said(line.text(), language))
        layout.addSpacing(40)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.buttons = {}
        for code, name in LANGUAGE_NAMES.items():
            button = touch_button(name, "language", self)
            button.setMinimumHeight(140)
            row.addWidget(button)
            self.buttons[code] = button
            button.clicked.connect(lambda _c=False, c=code: self.chosen.emit(c))
        layout.addLayout(row)
        layout.addStretch(2)
        nav, self.back_button, forward = nav_row(self)
        forward.hide()
        self.back_button.setText("‹  " + tr("back", "en") + " / " + tr("back", "es"))
        self.back_button.clicked.connect(self.back_tapped)
        # a patient's choice for this visit only (kiosk/ui/read_aloud.py shows it when it can
        # speak); in the Back row, at the top bar's text size, so no text size pushes it off
        both = " / ".join(tr("always_read_aloud", code) for code in LANGUAGE_NAMES)
        self.read_aloud_button = touch_button("▶  " + both, "chrome", self, checkable=True)
        self.read_aloud_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.read_aloud_button.hide()
        nav.addWidget(self.read_aloud_button)
        layout.addLayout(nav)

    def spoken(self) -> list[Said]:
        """Read aloud: "choose your language" in each language, then each language's name in it."""
        return self.prompts + [Said(button.text(), code, button) for code, button in self.buttons.items()]
