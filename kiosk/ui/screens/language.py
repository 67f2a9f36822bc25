"""English or Spanish: the first choice of every visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.accessibility import name, show_text
from kiosk.ui.screens.common import label, nav_row
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import touch_button
from kiosk.ui.widgets.spoken import Said

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class LanguageScreen(QWidget):
    """Two large buttons, each naming its language in that language."""

    chosen = Signal(str)
    back_tapped = Signal()
    scan_toggled = Signal(bool)
    """The patient turned single-switch scanning on or off (for this visit)."""

    def __init__(self, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageScreen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 32, 96, 24)
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
        layout.addSpacing(24)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.buttons = {}
        for code, language_name in LANGUAGE_NAMES.items():
            button = touch_button(language_name, "language", self)
            button.setMinimumHeight(140)
            row.addWidget(button)
            self.buttons[code] = button
            button.clicked.connect(lambda _c=False, c=code: self.chosen.emit(c))
        layout.addLayout(row)
        layout.addStretch(2)
        nav, self.back_button, forward = nav_row(self)
        forward.hide()
        show_text(self.back_button, "‹  " + tr("back", "en") + " / " + tr("back", "es"))
        self.back_button.clicked.connect(self.back_tapped)
        # The patient's two choices for this visit, in a row of their own above Back (beside
        # it, with Back, they need more than the screen's width). Both languages, as the
        # patient has not chosen one yet; at the top bar's text size, so no text size pushes
        # them off.
        self.scan_button = touch_button(tr("scan_mode", "en") + " / " + tr("scan_mode", "es"), "chrome", self)
        self.scan_button.setCheckable(True)
        name(self.scan_button, self.scan_button.text(), tr("scan_mode_hint", "en") + " " + tr("scan_mode_hint", "es"))
        self.scan_button.toggled.connect(self.scan_toggled)
        # kiosk/ui/read_aloud.py shows it when it can speak
        both = " / ".join(tr("always_read_aloud", code) for code in LANGUAGE_NAMES)
        self.read_aloud_button = touch_button("▶  " + both, "chrome", self, checkable=True)
        self.read_aloud_button.hide()
        choices = QHBoxLayout()
        choices.setSpacing(16)
        choices.addStretch(1)
        for button in (self.scan_button, self.read_aloud_button):
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            choices.addWidget(button)
        choices.addStretch(1)
        layout.addLayout(choices)
        layout.addSpacing(8)
        layout.addLayout(nav)
        # Tab goes as the eye does: the languages, the two choices, then Back
        QWidget.setTabOrder(self.buttons["es"], self.scan_button)
        QWidget.setTabOrder(self.scan_button, self.read_aloud_button)
        QWidget.setTabOrder(self.read_aloud_button, self.back_button)

    def show_scanning(self, on: bool) -> None:
        """Keep the button's state with scan mode (a setting, or reset for the next patient)."""
        self.scan_button.blockSignals(True)
        self.scan_button.setChecked(on)
        self.scan_button.blockSignals(False)

    def spoken(self) -> list[Said]:
        """Read aloud: "choose your language" in each language, then each language's name in it."""
        return self.prompts + [Said(button.text(), code, button) for code, button in self.buttons.items()]
