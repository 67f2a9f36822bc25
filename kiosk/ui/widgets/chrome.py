"""The bar on every patient screen: clinic name, read aloud, text size, high contrast, Start over."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.accessibility import show_text
from kiosk.ui.sizes import TEXT_SCALES, TOUCH_MIN
from kiosk.ui.strings import tr


class TopBar(QWidget):
    """Text size (A / A+ / A++ / A+++), high contrast and Start over, always within reach."""

    text_size_changed = Signal(str)
    contrast_toggled = Signal(bool)
    start_over = Signal()
    speak_tapped = Signal()
    """The speaker button: read this screen aloud (or stop reading)."""

    def __init__(self, clinic_name: str, logo: QPixmap | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.setSpacing(10)
        if logo is not None and not logo.isNull():
            mark = QLabel(self)
            mark.setPixmap(logo.scaledToHeight(TOUCH_MIN - 16, Qt.TransformationMode.SmoothTransformation))
            row.addWidget(mark)
        self.clinic = QLabel(clinic_name, self)
        self.clinic.setProperty("role", "clinic")
        row.addWidget(self.clinic)
        row.addStretch(1)
        # read-aloud, once here for every screen; hidden until an audio output is found
        self.speaker = self._button("", "chrome")
        self.speaker.setObjectName("Speaker")
        self.speaker.setCheckable(True)
        self.speaker.clicked.connect(self.speak_tapped)
        self.speaker.hide()
        row.addSpacing(12)
        self.size_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        for size in TEXT_SCALES:
            button = self._button(size, "size")
            button.setCheckable(True)
            group.addButton(button)
            self.size_buttons[size] = button
            button.clicked.connect(lambda _c=False, s=size: self.text_size_changed.emit(s))
        self.size_buttons["A"].setChecked(True)
        self.contrast = self._button("", "chrome")
        self.contrast.setCheckable(True)
        self.contrast.toggled.connect(self.contrast_toggled)
        row.addSpacing(12)
        self.start_over_button = self._button("", "chrome")
        self.start_over_button.clicked.connect(self.start_over)
        self.language = "en"
        self.set_language("en")

    def _button(self, text: str, role: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setProperty("role", role)
        button.setMinimumHeight(TOUCH_MIN - 8)
        button.setMinimumWidth(TOUCH_MIN)
        # Tab reaches it; a tap does not take the focus from the entry being typed in
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(button)
        return button

    def set_language(self, language: str) -> None:
        self.language = language
        self.show_reading(self.speaker.isChecked())
        show_text(self.contrast, "◐  " + tr("contrast", language))
        show_text(self.start_over_button, tr("start_over", language))
        for button in self.size_buttons.values():
            button.setAccessibleName(tr("text_size", language) + " " + button.text())

    def show_reading(self, reading: bool) -> None:
        """The speaker button says what a tap does: read aloud, or stop reading."""
        self.speaker.setChecked(reading)
        show_text(self.speaker, tr("read_aloud_stop" if reading else "read_aloud", self.language))

    def set_patient_mode(self, active: bool) -> None:
        """Start over makes sense only while a visit is under way."""
        self.start_over_button.setVisible(active)

    def reset(self) -> None:
        """Back to normal text and colours for the next patient."""
        self.size_buttons["A"].setChecked(True)
        self.contrast.setChecked(False)


class ProgressHeader(QWidget):
    """"PHQ-9 · question 3 of 9" above a thin bar showing how far the visit has come."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.label.setProperty("role", "progress")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(10)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)

    def show_progress(self, text: str, fraction: float) -> None:
        self.label.setText(text)
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
