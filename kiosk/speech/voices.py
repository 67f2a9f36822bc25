"""The synthesiser per language: espeak-ng, a separate process fed on stdin, WAV on stdout.

Why espeak-ng for both English and Spanish (compared on this Debian 12 machine):
- espeak-ng (en-us, es-419): formant synthesis, robotic but very clear at any speed, the
  voice most screen readers ship; ~30 ms for a sentence; reads the text on stdin and
  writes WAV to stdout, so a patient's answers pass through pipes only.
- Flite's ``slt`` and Festival's US English HTS ``slt`` sound more natural in English, but
  Flite reads only its command line (visible to every local process in /proc) or a
  seekable file (a patient's answers on disk), and Festival spends 0.5–0.8 s starting per
  sentence, past the 300 ms tap-to-sound target. Neither speaks Spanish.
- QtTextToSpeech's speech-dispatcher engine drives espeak-ng again, through a daemon, with
  no way to read the audio back (no WAV for ``kiosk speak``, no check that samples played).
So one engine, the same in both languages; the table below is where a better voice goes.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from kiosk.speech.errors import SpeechError
from kiosk.speech.sinks import Output, find_output
from kiosk.speech.wav import Audio, parse_wav

SYNTH_TIMEOUT_S = 20.0
"""A sentence takes tens of milliseconds; a stuck synthesiser must not hold a reading forever."""


@dataclass(frozen=True)
class Voice:
    """One installed voice: the program, its voice name and speaking rate."""

    program: str
    voice: str
    words_per_minute: int = 150  # espeak-ng's default 175 is quick for a form read to a patient

    def command(self) -> list[str]:
        """The argv: text comes on stdin, never here (argv is visible to other processes)."""
        return [self.program, "-v", self.voice, "-s", str(self.words_per_minute), "--stdout"]


VOICES: dict[str, Voice] = {
    "en": Voice("espeak-ng", "en-us"),
    "es": Voice("espeak-ng", "es-419"),  # Latin American Spanish, as most of our patients speak
}


def voice_for(language: str) -> Voice:
    try:
        return VOICES[language]
    except KeyError:
        raise SpeechError(f"no voice for language {language!r} (have: {', '.join(VOICES)})") from None


def missing_programs() -> list[str]:
    """Synthesiser programs the voices need that are not installed."""
    return sorted({v.program for v in VOICES.values() if shutil.which(v.program) is None})


def synthesize(text: str, language: str) -> Audio:
    """``text`` spoken in ``language``, in memory (SpeechError names no patient text)."""
    voice = voice_for(language)
    try:
        done = subprocess.run(voice.command(), input=text.encode("utf-8"), capture_output=True,
                              timeout=SYNTH_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise SpeechError(f"{voice.program} is not installed (apt-get install {voice.program})") from None
    except subprocess.TimeoutExpired:
        raise SpeechError(f"{voice.program} took longer than {SYNTH_TIMEOUT_S:.0f} s") from None
    if done.returncode != 0:
        raise SpeechError(f"{voice.program} failed with exit code {done.returncode}")
    return parse_wav(done.stdout)


def read_aloud_output(setting: str) -> Output:
    """The output for ``setting`` if the synthesiser is installed too; else why read-aloud is off."""
    missing = missing_programs()
    if missing and setting.strip().lower() != "none":
        return Output(None, f"{', '.join(missing)} is not installed (apt-get install {' '.join(missing)})")
    return find_output(setting)
