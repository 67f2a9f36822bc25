"""The full-screen, frameless kiosk window: top bar, a stack of screens, overlays."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import QLabel, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.notice import CriticalNoteScreen, ThankYouScreen
from kiosk.ui.screens.overlays import ConfirmOverlay, IdleOverlay
from kiosk.ui.screens.question import QuestionScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.theme import HIGH_CONTRAST, Theme, build_stylesheet
from kiosk.ui.widgets.chrome import TopBar


class KioskWindow(QWidget):
    """Holds every screen; refuses to close (Alt+F4 included) until staff unlock it."""

    screen_shown = Signal(QWidget)
    """A screen was brought up with new content (read-aloud starts or stops here)."""

    def __init__(self, clinic_name: str, theme: Theme, logo: QPixmap | None = None, attract: QWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(clinic_name)
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.unlocked = False
        self.theme = theme
        self.text_size = "A"
        self.high_contrast = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # the screen's size is given (full screen, or the tablet size): content never grows it
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.top_bar = TopBar(clinic_name, logo, self)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        self.attract = attract if attract is not None else AttractScreen(clinic_name)
        self.language = LanguageScreen(clinic_name)
        self.question = QuestionScreen()
        self.review = ReviewScreen()
        self.critical = CriticalNoteScreen()
        self.thank_you = ThankYouScreen()
        for screen in (self.attract, self.language, self.question, self.review, self.critical, self.thank_you):
            self.stack.addWidget(screen)
        self.idle_overlay = IdleOverlay(self)
        self.confirm_overlay = ConfirmOverlay(self)
        self.staff_notice = QLabel(self)
        self.staff_notice.setObjectName("StaffNotice")
        self.staff_notice.hide()
        self._staff_notes: dict[str, str] = {}
        self.top_bar.text_size_changed.connect(self.set_text_size)
        self.top_bar.contrast_toggled.connect(self.set_high_contrast)
        self.show_screen(self.attract)
        self.apply_style()

    def show_screen(self, screen: QWidget) -> None:
        """Bring ``screen`` up; the top bar hides over the attract loop, which runs only when seen."""
        looping = screen is self.attract
        for method in ("start",) if looping else ("stop",):
            getattr(self.attract, method, lambda: None)()
        self.stack.setCurrentWidget(screen)
        self.top_bar.setVisible(screen is not self.attract)
        self.top_bar.set_patient_mode(screen not in (self.attract, self.thank_you))
        self.screen_shown.emit(screen)

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def set_text_size(self, size: str) -> None:
        self.text_size = size
        self.apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.apply_style()

    def apply_style(self) -> None:
        """Rebuild the stylesheet from the QSS files for the current size and contrast."""
        self.setStyleSheet(build_stylesheet(HIGH_CONTRAST if self.high_contrast else self.theme, self.text_size))

    def reset_look(self) -> None:
        """Normal text size and colours for the next patient."""
        self.top_bar.reset()
        if self.text_size != "A" or self.high_contrast:
            self.text_size, self.high_contrast = "A", False
            self.apply_style()

    def notify_staff(self, text: str, source: str = "store") -> None:
        """A small line only staff look for (e.g. answers waiting to be saved).

        One line per ``source`` (the store, the health checks…), so a new note never hides
        another; an empty ``text`` takes that source's line away.
        """
        if text:
            self._staff_notes[source] = text
        else:
            self._staff_notes.pop(source, None)
        if not self._staff_notes:
            self.staff_notice.hide()
            return
        self.staff_notice.setText("\n".join(self._staff_notes.values()))
        self.staff_notice.adjustSize()
        self.staff_notice.move(16, self.height() - self.staff_notice.height() - 12)
        self.staff_notice.show()
        self.staff_notice.raise_()

    def unlock(self) -> None:
        """Staff allow the window to close (staff mode calls this after the PIN)."""
        self.unlocked = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlocked:
            event.accept()
        else:
            event.ignore()
