"""Reading a screen aloud on two worker threads: one synthesises, one feeds the output.

Sentence by sentence: the first plays while the rest is still being synthesised, so the
first sound follows a tap by one short synthesis. Samples go to the output in 100 ms
slices no further ahead of the clock than ``LEAD_S``, so "now reading choice 2" (the
mark) is told when choice 2 is heard, and a stop silences at once rather than after a
buffer's worth. Callbacks run on the player thread: a UI must hop to its own thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kiosk.speech.errors import SpeechError
from kiosk.speech.script import Line, sentences
from kiosk.speech.sinks import Sink
from kiosk.speech.voices import synthesize
from kiosk.speech.wav import Audio

log = logging.getLogger(__name__)
SLICE_S = 0.1
LEAD_S = 0.2
Synthesize = Callable[[str, str], Audio]
OnMark = Callable[[int | None], None]
OnDone = Callable[[str | None], None]


@dataclass
class _Reading:
    """One reading of one screen; ``cancel`` ends both of its threads."""

    lines: Sequence[Line]
    sink: Sink
    synth: Synthesize
    on_mark: OnMark
    on_done: OnDone
    speed: float
    cancel: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)
    parts: queue.Queue[tuple[int, Audio] | SpeechError | None] = field(default_factory=queue.Queue)

    def _synthesise(self) -> None:
        if self.cancel.is_set():
            return
        try:
            for index, line in enumerate(self.lines):
                for sentence in sentences(line.text):
                    if self.cancel.is_set():
                        return
                    self.parts.put((index, self.synth(sentence, line.language)))
            self.parts.put(None)
        except SpeechError as exc:
            self.parts.put(exc)

    def _play(self) -> None:
        problem: str | None = None
        shown: int | None = -1
        started, due = time.monotonic(), 0.0
        try:
            while not self.cancel.is_set():
                part = self.parts.get()
                if part is None or isinstance(part, SpeechError):
                    problem = str(part) if part is not None else None
                    break
                index, audio = part
                step = max(2, int(audio.rate * SLICE_S) * 2)
                for offset in range(0, len(audio.pcm), step):
                    late = time.monotonic() - started - due / self.speed
                    if late > 0:  # synthesis fell behind: the clock restarts at the next sample
                        started += late
                    elif self.cancel.wait(max(0.0, -late - LEAD_S / self.speed)):
                        break
                    if self.lines[index].mark != shown and not self.cancel.is_set():
                        shown = self.lines[index].mark
                        self.on_mark(shown)
                    chunk = Audio(audio.rate, audio.pcm[offset:offset + step])
                    self.sink.write(chunk)
                    due += chunk.seconds
            if self.cancel.is_set():
                self.sink.abort()
                return
            self.sink.finish()
        except SpeechError as exc:
            problem = str(exc)
            self.sink.abort()
        self.ended.set()
        if problem is not None:
            log.warning("read-aloud stopped: %s", problem)
        if not self.cancel.is_set():
            self.on_mark(None)
            self.on_done(problem)


def _worker(jobs: queue.Queue[Callable[[], None]]) -> None:
    while True:
        jobs.get()()


class Reader:
    """Reads one screen at a time: a new reading (or ``stop``) silences the one before.

    Its two threads start with the first reading and then wait for the next: starting a
    thread per tap made the tapping (UI) thread wait for the new thread's first turn,
    up to tens of milliseconds on a busy machine.
    """

    def __init__(self, make_sink: Callable[[], Sink], synth: Synthesize = synthesize, speed: float = 1.0) -> None:
        self._make_sink = make_sink
        self._synth = synth
        self._speed = speed
        self._current: _Reading | None = None
        self._synth_jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        self._play_jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        self._started = False

    def read(self, lines: Sequence[Line], on_mark: OnMark, on_done: OnDone) -> None:
        """Start reading ``lines``; ``on_mark`` names each line's mark as it is heard."""
        self.stop()
        reading = _Reading(list(lines), self._make_sink(), self._synth, on_mark, on_done, self._speed)
        self._current = reading
        if not self._started:
            self._started = True
            for name, jobs in (("speech-synth", self._synth_jobs), ("speech-play", self._play_jobs)):
                threading.Thread(target=_worker, args=(jobs,), name=name, daemon=True).start()
        self._synth_jobs.put(reading._synthesise)
        self._play_jobs.put(reading._play)

    def stop(self) -> None:
        """Silence now; the stopped reading calls back no more."""
        reading, self._current = self._current, None
        if reading is not None:
            reading.cancel.set()
            reading.parts.put(None)  # wakes a player waiting for the next sentence

    @property
    def reading(self) -> bool:
        current = self._current
        return current is not None and not current.cancel.is_set() and not current.ended.is_set()
