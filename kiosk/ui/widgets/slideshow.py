"""The attract loop: one slide at a time, a fade between slides, and "tap anywhere".

The one exception to "anywhere" is the speaker button in the banner: it reads the slide
aloud (kiosk/ui/read_aloud.py) for a patient who cannot read it, and must not start a
check-in; while it reads, the loop holds the slide.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEasingCurve, QEvent, QPoint, QPropertyAnimation, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTextDocument, QTouchEvent
from PySide6.QtWidgets import (
    QFrame, QGraphicsOpacityEffect, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from kiosk.content import Deck
from kiosk.ui.accessibility import show_text
from kiosk.ui.strings import tr
from kiosk.ui.widgets.slide_view import SlideView, repolish
from kiosk.ui.widgets.spoken import Said

FADE_MS = 450
"""Length of each half of the cross-fade (out, then in); calm, not sluggish."""

SPEAKER_SIZE = (200, 72)
"""Least width and height (px) of the slides' speaker button: large, for a patient who
cannot read the slide and may see poorly; both languages' words fit it."""

_TOUCH_EVENTS = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)



W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with its QSS object name (the typed constructors take no keywords)."""
    widget.setObjectName(name)
    return widget

class SlideShow(QWidget):
    """Loops through a Deck full screen; any tap or touch anywhere emits ``tapped``."""

    tapped = Signal()
    slide_changed = Signal(int)
    speak_tapped = Signal()
    """The speaker button: read this slide aloud (or stop reading); never a check-in."""

    def __init__(self, deck: Deck, interval_s: float = 12.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slideShow")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._deck = deck
        self._index = 0
        self._pending = 0
        # A fade never takes more than a third of the interval, so short test intervals still advance.
        self._fade_ms = max(1, min(FADE_MS, int(interval_s * 1000 / 3)))

        self._view = SlideView(self)
        self._effect = QGraphicsOpacityEffect(self._view)
        self._effect.setEnabled(False)  # only while fading: a disabled effect costs nothing per paint
        self._view.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._fade.finished.connect(self._fade_step_done)
        self._fading_out = False
        self._held = False  # the loop was paused for a reading, and resumes after it
        self._touch_on_speaker = False

        self._prompt = _named(QLabel(), "tapPrompt")
        self._prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._dots = _named(QFrame(), "slideDots")
        self._dots_layout = QHBoxLayout(self._dots)
        self._dots_layout.setContentsMargins(0, 0, 0, 0)
        self._dots_layout.setSpacing(14)
        banner = _named(QFrame(), "tapBanner")
        banner_layout = QVBoxLayout(banner)
        banner_layout.setContentsMargins(24, 10, 24, 10)
        banner_layout.setSpacing(8)
        prompt_column = QVBoxLayout()
        prompt_column.setSpacing(8)
        prompt_column.addWidget(self._prompt)
        prompt_column.addWidget(self._dots, 0, Qt.AlignmentFlag.AlignHCenter)
        # hidden until read-aloud finds an audio output, as the top bar's speaker
        self.speaker = _named(QPushButton(), "slideSpeaker")
        self.speaker.setCheckable(True)
        self.speaker.setMinimumSize(*SPEAKER_SIZE)
        self.speaker.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a key on the slides starts check-in
        self.speaker.clicked.connect(self._speaker_clicked)
        self.speaker.hide()
        # as wide as the speaker on the left too, so the prompt stays centred under the slide
        balance = QWidget()
        balance.setFixedWidth(SPEAKER_SIZE[0])
        balance.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        banner_row = QHBoxLayout()
        banner_row.addWidget(balance)
        banner_row.addLayout(prompt_column, 1)
        banner_row.addWidget(self.speaker, 0, Qt.AlignmentFlag.AlignVCenter)
        banner_layout.addLayout(banner_row)

        page = _named(QWidget(), "slidePage")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(72, 44, 72, 24)
        page_layout.addWidget(self._view, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(page, 1)
        outer.addWidget(banner)
        for child in (page, self._prompt, self._dots, balance):
            # The whole screen is one touch target: presses fall through to this widget
            # (the banner itself is not transparent: its speaker button takes its own presses).
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(interval_s * 1000)))
        self._timer.timeout.connect(self.next_slide)
        self.set_deck(deck)

    # -- what is shown -------------------------------------------------------------------
    @property
    def deck(self) -> Deck:
        """The deck (language) being shown."""
        return self._deck

    @property
    def current_index(self) -> int:
        """Position of the slide on screen (the new one as soon as a fade swaps it in)."""
        return self._index

    @property
    def prompt_text(self) -> str:
        """The "tap anywhere" banner as shown."""
        return str(self._prompt.text())

    @property
    def is_running(self) -> bool:
        """Whether the loop advances by itself."""
        return self._timer.isActive()

    def spoken(self) -> list[Said]:
        """The slide on screen as read aloud, in its deck's language: its title, then its text."""
        slide = self._deck.slides[self._index]
        document = QTextDocument()
        document.setMarkdown(slide.body)
        return [Said(text, self._deck.language) for text in (slide.title, document.toPlainText()) if text.strip()]

    def show_reading(self, reading: bool) -> None:
        """The speaker says what a tap does (read, or stop), and the loop holds the slide while it is read."""
        self.speaker.setChecked(reading)
        show_text(self.speaker, tr("read_aloud_stop" if reading else "read_aloud", self._deck.language))
        if reading and self._timer.isActive():
            self._held = True
            self._timer.stop()
        elif not reading and self._held:
            self._held = False
            self._timer.start()

    def set_deck(self, deck: Deck) -> None:
        """Switch to another deck (a language), keeping the place in the loop when it can."""
        self._deck = deck
        self._prompt.setText(deck.text.tap_prompt)
        show_text(self.speaker, tr("read_aloud_stop" if self.speaker.isChecked() else "read_aloud", deck.language))
        self._build_dots(len(deck))
        self.show_slide(min(self._index, len(deck) - 1))

    def show_slide(self, index: int) -> None:
        """Show slide ``index`` at once, without a fade (also for screenshots)."""
        self._fade.stop()
        self._effect.setOpacity(1.0)
        self._effect.setEnabled(False)
        self._show_now(index % len(self._deck))

    def next_slide(self) -> None:
        """Fade to the following slide, wrapping round at the end."""
        self._fade_to((self._pending if self._fade.state() == QPropertyAnimation.State.Running
                       else self._index) + 1)

    # -- the loop ----------------------------------------------------------------------------
    def start(self) -> None:
        """Begin advancing every interval (from the slide now shown)."""
        self._timer.start()

    def stop(self) -> None:
        """Stop advancing and finish any fade, leaving the current slide fully visible."""
        self._timer.stop()
        self._held = False  # a reading that ends now (check-in began) must not restart the loop
        if self._fade.state() == QPropertyAnimation.State.Running:
            self.show_slide(self._pending)

    def _fade_to(self, index: int) -> None:
        self._pending = index % len(self._deck)
        self._fade.stop()
        self._effect.setEnabled(True)
        self._fading_out = True
        self._fade.setDuration(self._fade_ms)
        self._fade.setStartValue(self._effect.opacity())
        self._fade.setEndValue(0.0)
        self._fade.start()

    def _fade_step_done(self) -> None:
        if self._fading_out:
            self._fading_out = False
            self._show_now(self._pending)
            self._fade.setStartValue(0.0)
            self._fade.setEndValue(1.0)
            self._fade.start()
        else:
            self._effect.setEnabled(False)

    def _show_now(self, index: int) -> None:
        self._index = self._pending = index
        self._view.show_slide(self._deck.slides[index], self._deck.text.sources_label)
        for position in range(self._dots_layout.count()):
            item = self._dots_layout.itemAt(position)
            dot = item.widget() if item is not None else None
            if dot is not None:
                dot.setProperty("current", position == index)
                repolish(dot)
        self.slide_changed.emit(index)

    def _build_dots(self, count: int) -> None:
        while self._dots_layout.count() > count:
            item = self._dots_layout.takeAt(self._dots_layout.count() - 1)
            gone = item.widget() if item is not None else None
            if gone is not None:
                gone.deleteLater()
        while self._dots_layout.count() < count:
            dot = _named(QFrame(), "slideDot")
            self._dots_layout.addWidget(dot)

    # -- taps ---------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """A finger anywhere starts check-in; the rest of the touch sequence is swallowed."""
        if event.type() in _TOUCH_EVENTS:
            event.accept()
            assert isinstance(event, QTouchEvent)
            on_speaker = self._on_speaker(event)
            if event.type() == QEvent.Type.TouchBegin:
                self._touch_on_speaker = on_speaker
                if not on_speaker:
                    self.tapped.emit()
            elif event.type() == QEvent.Type.TouchEnd and self._touch_on_speaker:
                self._touch_on_speaker = False
                if on_speaker:  # a finger lifted off the button, as a click
                    self.speaker.click()
            return True
        return super().event(event)

    def _on_speaker(self, event: QTouchEvent) -> bool:
        """Whether the touch's first point is on the (visible) speaker button."""
        points = event.points()
        if not points or not self.speaker.isVisible():
            return False
        at = self.speaker.mapFrom(self, points[0].position().toPoint())
        return bool(self.speaker.rect().contains(QPoint(at)))

    def _speaker_clicked(self) -> None:
        # the button's own checked state follows the reading (show_reading), not the click
        self.speaker.setChecked(not self.speaker.isChecked())
        self.speak_tapped.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click (or a press the platform turned into a mouse event) starts check-in too."""
        event.accept()
        self.tapped.emit()
