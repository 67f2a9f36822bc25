"""The reader plays sentence by sentence, names each mark as it is heard, and stops at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kiosk.speech import Line
from kiosk.speech.reader import Reader
from kiosk.speech.sinks import NullSink, find_output
from kiosk.speech.voices import synthesize

LINES = [
    Line("How often have you felt nervous? Please choose one.", "en"),
    Line("one: Not at all", "en", 1),
    Line("dos: Varios días", "es", 2),
]


class Spy:
    """Collects a reading's callbacks (they come from the player thread)."""

    def __init__(self) -> None:
        self.marks: list[int | None] = []
        self.done = threading.Event()
        self.problem: str | None = None

    def mark(self, mark: int | None) -> None:
        self.marks.append(mark)

    def end(self, problem: str | None) -> None:
        self.problem = problem
        self.done.set()


def test_every_sample_reaches_the_output_and_marks_follow_the_lines(require_espeak: None) -> None:
    sink, spy = NullSink(), Spy()
    Reader(lambda: sink, speed=20).read(LINES, spy.mark, spy.end)
    assert spy.done.wait(30)
    assert spy.problem is None
    assert spy.marks == [None, 1, 2, None]
    expected = sum(synthesize(sentence, line.language).frames for line in LINES
                   for sentence in (["How often have you felt nervous?", "Please choose one."] if line.mark is None
                                    else [line.text]))
    assert sink.frames == expected


def test_playback_keeps_pace_with_the_clock(require_espeak: None) -> None:
    """Samples are handed over as they are due, not all at once (so the highlight is in time)."""
    sink, spy = NullSink(), Spy()
    started = time.monotonic()
    Reader(lambda: sink, speed=4).read(LINES[1:2], spy.mark, spy.end)
    assert spy.done.wait(30)
    seconds = sink.frames / 22050
    assert time.monotonic() - started >= seconds / 4 - 0.25


def test_stop_silences_at_once_and_calls_back_no_more(require_espeak: None) -> None:
    sink, spy = NullSink(), Spy()
    reader = Reader(lambda: sink, speed=1)
    reader.read(LINES, spy.mark, spy.end)
    deadline = time.monotonic() + 10
    while sink.frames == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sink.frames > 0 and reader.reading
    reader.stop()
    time.sleep(0.05)  # a slice being written when stop came may still land
    frames = sink.frames
    time.sleep(0.5)
    assert sink.frames == frames
    assert not reader.reading
    assert not spy.done.is_set() and spy.marks == [None]


def test_a_synthesis_failure_ends_the_reading_with_a_reason(require_espeak: None) -> None:
    sink, spy = NullSink(), Spy()
    Reader(lambda: sink, speed=20).read([Line("hello", "en"), Line("bonjour", "fr")], spy.mark, spy.end)
    assert spy.done.wait(30)
    assert spy.problem is not None and "no voice for language 'fr'" in spy.problem
    assert "bonjour" not in spy.problem


@pytest.mark.parametrize("setting, found", [
    ("none", False), ("null", True), ("alsa:", True), ("speakers please", False),
])
def test_output_settings(setting: str, found: bool) -> None:
    output = find_output(setting)
    assert (output.make is not None) == found or (setting == "alsa:" and "not installed" in output.description)
    assert output.description


def test_no_sound_card_means_no_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    monkeypatch.setattr("kiosk.speech.sinks.ASOUND_CARDS", cards)
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    output = find_output("auto")
    assert output.make is None
    assert "no sound card" in output.description


def test_samples_reach_alsa_through_aplay(require_espeak: None) -> None:
    """The real player path: aplay into ALSA's null device takes every sample without error."""
    import shutil

    if shutil.which("aplay") is None:
        pytest.skip("aplay (alsa-utils) not installed")
    output = find_output("alsa:null")
    assert output.make is not None
    spy = Spy()
    Reader(output.make, speed=20).read(LINES[1:], spy.mark, spy.end)
    assert spy.done.wait(30)
    assert spy.problem is None and spy.marks == [1, 2, None]


def test_a_broken_output_ends_the_reading_with_a_reason(require_espeak: None) -> None:
    """aplay on a device that does not exist: the reading ends, saying why, naming no text."""
    import shutil

    if shutil.which("aplay") is None:
        pytest.skip("aplay (alsa-utils) not installed")
    output = find_output("alsa:no_such_device")
    assert output.make is not None
    spy = Spy()
    Reader(output.make, speed=20).read([Line("Seven days a week", "en", 1)], spy.mark, spy.end)
    assert spy.done.wait(30)
    assert spy.problem is not None and "audio player" in spy.problem
    assert "Seven" not in spy.problem
