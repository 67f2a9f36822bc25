"""The full-screen, frameless kiosk window: top bar, a stack of screens, overlays.

``kiosk run`` builds it in two steps: the shell with the slides only (so the first slide is
drawn after a restart without importing or building any other screen), then ``complete``
once that slide is painted. The screens' modules are imported in ``complete`` for that reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import QAbstractButton, QLabel, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.settings import Settings
from kiosk.ui.sizes import TABLET_SIZE
from kiosk.ui.theme import HIGH_CONTRAST, Theme, build_stylesheet, clinic_theme

if TYPE_CHECKING:
    from kiosk.ui.key_access import KeyAccess
    from kiosk.ui.screens.language import LanguageScreen
    from kiosk.ui.screens.notice import CriticalNoteScreen, ThankYouScreen
    from kiosk.ui.screens.overlays import ConfirmOverlay, IdleOverlay
    from kiosk.ui.screens.question import QuestionScreen
    from kiosk.ui.screens.review import ReviewScreen
    from kiosk.ui.widgets.chrome import TopBar


class KioskWindow(QWidget):
    """Holds every screen; refuses to close (Alt+F4 included) until staff unlock it."""

    screen_shown = Signal(QWidget)
    """A screen was brought up with new content (read-aloud starts or stops here)."""

    top_bar: TopBar
    language: LanguageScreen
    question: QuestionScreen
    review: ReviewScreen
    critical: CriticalNoteScreen
    thank_you: ThankYouScreen
    idle_overlay: IdleOverlay
    confirm_overlay: ConfirmOverlay
    keys: KeyAccess

    def __init__(self, clinic_name: str, theme: Theme, logo: QPixmap | None = None, attract: QWidget | None = None,
                 *, complete: bool = True) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(clinic_name)
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.unlocked = False
        self.theme = theme
        self.text_size = "A"
        self.high_contrast = False
        self.clinic_name, self.logo = clinic_name, logo
        self.completed = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # the screen's size is given (full screen, or the tablet size): content never grows it
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        if attract is None:
            from kiosk.ui.screens.attract import AttractScreen

            attract = AttractScreen(clinic_name)
        self.attract = attract
        self.stack.addWidget(self.attract)
        self.staff_notice = QLabel(self)
        self.staff_notice.setObjectName("StaffNotice")
        self.staff_notice.hide()
        self._staff_notes: dict[str, str] = {}
        if complete:
            self.complete()
            self.show_screen(self.attract)
        else:
            getattr(self.attract, "start", lambda: None)()  # the slides loop from the start
        # set before the first paint, so the slides are drawn in their stylesheet's sizes; the
        # screens added by ``complete`` later are polished by it as they are first shown
        self.apply_style()

    def complete(self) -> None:
        """Build the top bar, every other screen, the overlays and key access (once)."""
        if self.completed:
            return
        from kiosk.ui.key_access import KeyAccess
        from kiosk.ui.screens.language import LanguageScreen
        from kiosk.ui.screens.notice import CriticalNoteScreen, ThankYouScreen
        from kiosk.ui.screens.overlays import ConfirmOverlay, IdleOverlay
        from kiosk.ui.screens.question import QuestionScreen
        from kiosk.ui.screens.review import ReviewScreen
        from kiosk.ui.widgets.chrome import TopBar

        self.completed = True
        self.top_bar = TopBar(self.clinic_name, self.logo, self)
        self.top_bar.set_patient_mode(False)
        self.top_bar.hide()  # shown with the first screen after the slides
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.top_bar)
        self.language = LanguageScreen(self.clinic_name)
        self.question = QuestionScreen()
        self.review = ReviewScreen()
        self.critical = CriticalNoteScreen()
        self.thank_you = ThankYouScreen()
        for screen in (self.language, self.question, self.review, self.critical, self.thank_you):
            self.stack.addWidget(screen)
        self.idle_overlay = IdleOverlay(self)
        self.confirm_overlay = ConfirmOverlay(self)
        self.staff_notice.raise_()
        self.top_bar.text_size_changed.connect(self.set_text_size)
        self.top_bar.contrast_toggled.connect(self.set_high_contrast)
        self.keys = KeyAccess(self, self)
        self.language.scan_toggled.connect(self.keys.set_scanning)
        self.keys.scanning_changed.connect(self.language.show_scanning)

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

    def sleeping(self) -> bool:
        """The slides show: a key (Space, Enter) starts a check-in as a tap does."""
        return self.current_screen() is self.attract

    def offers_scanning(self) -> bool:
        """The language screen: the patient's choice of scanning is made there."""
        return self.current_screen() is self.language

    def read_slide(self) -> bool:
        """A long key press on the slides: their speaker button, if read-aloud showed it."""
        speaker = getattr(self.attract, "speaker", None)
        if isinstance(speaker, QAbstractButton) and speaker.isVisible():
            speaker.click()
            return True
        return False

    def active(self) -> list[QWidget]:
        """What a patient can choose from now: an open card alone, else the screen and the top bar."""
        for overlay in (self.idle_overlay, self.confirm_overlay):
            if overlay.isVisible():
                return [overlay]
        screen = self.current_screen()
        shown = [screen] if screen is not None else []
        return shown + ([self.top_bar] if self.top_bar.isVisible() else [])

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
        self.keys.reset()
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


def make_window(settings: Settings, attract: QWidget | None, *, complete: bool = True) -> KioskWindow:
    """The kiosk window in the clinic's look; ``complete=False``: the slides only, for now."""
    logo = QPixmap(str(settings.clinic_logo)) if settings.clinic_logo else None
    window = KioskWindow(settings.clinic_name, clinic_theme(settings.accent_color), logo, attract, complete=complete)
    window.resize(*TABLET_SIZE)
    return window
