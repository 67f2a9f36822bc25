"""Where read-aloud's samples go: a sound card through ``aplay``/``paplay``, or nowhere.

The kiosk writes raw samples to the player's stdin (never a file: the review screen's
audio holds a patient's answers). Which output is chosen by the ``audio_output`` setting:

- ``auto``: ALSA's default device if the machine has a sound card, else PulseAudio if a
  server answers, else none (the speaker button hides and the log says why);
- ``alsa:DEVICE`` / ``pulse``: that output, as named;
- ``null``: every sample is taken and dropped, counted (machines without sound, tests);
- ``none``: read-aloud off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.speech.errors import SpeechError
from kiosk.speech.wav import Audio

ASOUND_CARDS = Path("/proc/asound/cards")


class Sink(Protocol):
    """Takes samples as they are due; ``abort`` silences at once, ``finish`` lets them play out."""

    def write(self, audio: Audio) -> None: ...

    def finish(self) -> None: ...

    def abort(self) -> None: ...


class NullSink:
    """Drops the samples and counts them: the play path without a sound card."""

    def __init__(self) -> None:
        self.frames = 0
        self.writes = 0
        self._lock = threading.Lock()

    def write(self, audio: Audio) -> None:
        with self._lock:
            self.frames += audio.frames
            self.writes += 1

    def finish(self) -> None:
        """Nothing is buffered."""

    def abort(self) -> None:
        """Nothing is playing."""


class PlayerSink:
    """Raw samples piped to a player process (restarted if the sample rate changes)."""

    def __init__(self, command: Callable[[int], list[str]]) -> None:
        self._command = command
        self._process: subprocess.Popen[bytes] | None = None
        self._rate = 0

    def write(self, audio: Audio) -> None:
        if self._process is None or audio.rate != self._rate:
            self.finish()
            self._rate = audio.rate
            try:
                self._process = subprocess.Popen(self._command(audio.rate), stdin=subprocess.PIPE,
                                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError as exc:
                raise SpeechError(f"cannot start the audio player: {exc.strerror}") from None
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(audio.pcm)
            stdin.flush()
        except (BrokenPipeError, ValueError):
            raise SpeechError("the audio player stopped") from None

    def finish(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.stdin is not None:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass
            if process.wait() != 0:  # e.g. the device is gone or busy
                raise SpeechError(f"the audio player failed (exit code {process.returncode})")

    def abort(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            if process.stdin is not None:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    pass  # the unwritten samples are dropped, as intended


def aplay(device: str) -> Callable[[int], list[str]]:
    return lambda rate: ["aplay", "-q", "-D", device, "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", str(rate), "-"]


def paplay(rate: int) -> list[str]:
    return ["paplay", "--raw", "--format=s16le", "--channels=1", f"--rate={rate}"]


@dataclass(frozen=True)
class Output:
    """The chosen output (``make`` None: no read-aloud) and a line for the log and doctor."""

    make: Callable[[], Sink] | None
    description: str


def _has_sound_card() -> bool:
    try:
        cards = ASOUND_CARDS.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(cards.strip()) and "no soundcards" not in cards


def _has_pulse_server() -> bool:
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return runtime is not None and Path(runtime, "pulse", "native").exists()


def _player(program: str, make: Callable[[], Sink], what: str) -> Output:
    if shutil.which(program) is None:
        return Output(None, f"{program} is not installed (apt-get install {'alsa-utils' if program == 'aplay' else 'pulseaudio-utils'})")
    return Output(make, what)


def find_output(setting: str) -> Output:
    """The output ``setting`` names, or why there is none (read-aloud then stays hidden)."""
    setting = setting.strip().lower() or "auto"
    if setting == "none":
        return Output(None, "read-aloud is switched off (KIOSK_AUDIO_OUTPUT=none)")
    if setting == "null":
        return Output(NullSink, "null output: samples are counted and dropped (KIOSK_AUDIO_OUTPUT=null)")
    if setting == "pulse":
        return _player("paplay", lambda: PlayerSink(paplay), "PulseAudio via paplay")
    if setting.startswith("alsa:"):
        device = setting.split(":", 1)[1] or "default"
        return _player("aplay", lambda: PlayerSink(aplay(device)), f"ALSA device {device!r} via aplay")
    if setting != "auto":
        return Output(None, f"unknown KIOSK_AUDIO_OUTPUT {setting!r} (auto, alsa:DEVICE, pulse, null or none)")
    if _has_sound_card():
        return _player("aplay", lambda: PlayerSink(aplay("default")), "the sound card via aplay")
    if _has_pulse_server():
        return _player("paplay", lambda: PlayerSink(paplay), "PulseAudio via paplay")
    return Output(None, "no audio output: no sound card and no PulseAudio server")
