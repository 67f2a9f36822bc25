"""The speaker button's controller: reads the shown screen aloud and lights what it reads.

The engine (kiosk.speech) runs on its own threads; this class only hands it a screen's
lines and shows its marks, which arrive through a queued signal on the UI thread. It is
built at start-up but starts nothing: the reader (and its synthesiser processes) come on
the first tap, so the first slide is not delayed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QScrollArea, QWidget
from shiboken6 import isValid

from kiosk.speech.script import Line
from kiosk.speech.sinks import Output
from kiosk.ui.widgets.slideshow import SlideShow
from kiosk.ui.widgets.spoken import Said, set_reading

if TYPE_CHECKING:
    from kiosk.speech.reader import Reader
    from kiosk.ui.flow import IntakeFlow

log = logging.getLogger(__name__)
AUTO_READ_DELAY_MS = 40
"""With "always read aloud", a new screen is read this long after it is shown: it paints
first (synthesis competes for the CPU, never for the UI thread), and the delay is too short to hear."""


class ReadAloud(QObject):
    """Reads the current screen on a tap, or on every screen if the patient chose so."""

    _marked = Signal(int, object)
    _ended = Signal(int, object)
    reading_changed = Signal(bool)

    def __init__(self, flow: IntakeFlow, output: Output, speed: float = 1.0) -> None:
        super().__init__(flow)
        self.window = flow.window
        self.output, self.speed = output, speed
        self.available = output.make is not None
        self.always = False
        self._reader: Reader | None = None
        self._generation = 0
        self._said: list[Said] = []
        self._lit: QWidget | None = None
        self.marks: list[int | None] = []
        """Every mark shown during the current reading, in order (tests follow the highlight)."""
        self._auto = QTimer(self, singleShot=True, interval=AUTO_READ_DELAY_MS)
        self._auto.timeout.connect(self.read_screen)
        if not self.available:
            log.info("read-aloud unavailable, speaker button hidden: %s", output.description)
        bar, language = self.window.top_bar, self.window.language
        bar.speaker.setVisible(self.available)
        language.read_aloud_button.setVisible(self.available)
        bar.speak_tapped.connect(self.toggle)
        # the slides have their own speaker (the top bar hides over them); a plain attract screen has none
        attract = self.window.attract
        self._slides = attract if isinstance(attract, SlideShow) else None
        if self._slides is not None:
            self._slides.speaker.setVisible(self.available)
            self._slides.speak_tapped.connect(self.toggle)
        language.read_aloud_button.toggled.connect(self.set_always)
        self.window.screen_shown.connect(self._screen_shown)
        self.window.question.answer_touched.connect(self.silence)
        language.chosen.connect(self.silence)
        self.window.review.edit.connect(self.silence)
        flow.wiped.connect(self.reset)
        self._marked.connect(self._show_mark)
        self._ended.connect(self._finished)

    @property
    def reading(self) -> bool:
        return self._reader is not None and self._reader.reading

    def toggle(self) -> None:
        """The speaker button: stop if reading, else read the screen."""
        if self.reading:
            self.stop()
        else:
            self.read_screen()

    def set_always(self, on: bool) -> None:
        """"Always read aloud" on the language screen (this visit only)."""
        self.always = on and self.available
        if self.always:
            self._auto.start()

    def read_screen(self) -> None:
        """Read the current screen's ``spoken()`` lines, highlighting what each names."""
        screen = self.window.current_screen()
        spoken = getattr(screen, "spoken", None)
        if not self.available or spoken is None:
            return
        self.stop()
        said: list[Said] = spoken()
        if not said:
            return
        self._said = said
        lines = [Line(s.text, s.language, n if s.widget is not None else None) for n, s in enumerate(said)]
        generation = self._generation
        self._start_reader().read(
            lines, lambda mark: self._marked.emit(generation, mark), lambda problem: self._ended.emit(generation, problem),
        )
        self._show_reading(True)

    def _start_reader(self) -> Reader:
        if self._reader is None:
            from kiosk.speech.reader import Reader  # first tap: nothing of it on the path to the first slide

            assert self.output.make is not None
            self._reader = Reader(self.output.make, speed=self.speed)
        return self._reader

    def stop(self) -> None:
        """Silence at once, and read no screen by itself until the next one shows."""
        self._auto.stop()
        self.silence()

    def silence(self) -> None:
        """Silence at once and take the highlight away (a tap on a choice or a language: the
        screen it leads to is still read if the patient chose "always read aloud")."""
        self._generation += 1
        if self._reader is not None:
            self._reader.stop()
        self._light(None)
        self._said = []
        self.marks = []
        self._show_reading(False)

    def reset(self) -> None:
        """The visit is over: stop, and forget its "always read aloud"."""
        self.stop()
        self.always = False
        self.window.language.read_aloud_button.setChecked(False)

    def _screen_shown(self, _screen: QWidget) -> None:
        self.stop()
        if self.always:
            self._auto.start()

    def _show_mark(self, generation: int, mark: int | None) -> None:
        if generation != self._generation:
            return  # a stopped reading's late word
        self.marks.append(mark)
        self._light(self._said[mark].widget if mark is not None and mark < len(self._said) else None)

    def _light(self, widget: QWidget | None) -> None:
        # a lit review row may be gone already (the list is cleared when a visit is sent)
        if self._lit is not None and self._lit is not widget and isValid(self._lit):
            set_reading(self._lit, False)
        self._lit = widget
        if widget is not None:
            set_reading(widget, True)
            _scroll_to(widget)

    def _finished(self, generation: int, problem: str | None) -> None:
        if generation != self._generation:
            return
        self._light(None)  # a problem was logged by the reader (without the words being read)
        self._show_reading(False)

    def _show_reading(self, reading: bool) -> None:
        """Every speaker button (top bar, slides) shows whether a tap reads or stops."""
        self.window.top_bar.show_reading(reading)
        if self._slides is not None:
            self._slides.show_reading(reading)
        self.reading_changed.emit(reading)


def _scroll_to(widget: QWidget) -> None:
    """Bring the choice or review row being read into view (a long list scrolls along)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 24)
