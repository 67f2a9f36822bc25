"""Each language's voice gives real speech: long enough, loud enough, read back from a pipe."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest

from kiosk.speech import Audio, SpeechError, parse_wav, to_wav
from kiosk.speech.script import numbered, sentences
from kiosk.speech.voices import synthesize

ROOT = Path(__file__).resolve().parents[2]
SILENCE_RMS = 50  # dither-level noise; espeak-ng's speech is in the thousands
SENTENCES = {
    "en": "Over the last two weeks, how often have you been bothered by feeling down?",
    "es": "Durante las últimas dos semanas, ¿con qué frecuencia se ha sentido decaído?",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_language_gives_real_speech(require_espeak: None, language: str) -> None:
    audio = synthesize(SENTENCES[language], language)
    assert audio.seconds > 0.5
    assert audio.rms() > 20 * SILENCE_RMS


def test_spanish_and_english_voices_differ(require_espeak: None) -> None:
    """The Spanish voice is used for Spanish (the same words sound different, not just the same voice)."""
    assert synthesize("uno dos tres", "en").pcm != synthesize("uno dos tres", "es").pcm


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(SpeechError, match="no voice for language 'fr'"):
        synthesize("bonjour", "fr")


def test_wav_stream_without_lengths_reads_to_the_end() -> None:
    """espeak-ng on a pipe leaves 0x7fffffff as the data length: the data runs to the end."""
    audio = Audio(22050, b"\x10\x00" * 1000)
    stream = bytearray(to_wav(audio))
    stream[40:44] = (0x7FFFFFFF).to_bytes(4, "little")
    assert parse_wav(bytes(stream)) == audio


@pytest.mark.parametrize("data", [b"", b"not a wav at all", b"RIFF\x00\x00\x00\x00WAVE"])
def test_broken_wav_is_a_speech_error(data: bytes) -> None:
    with pytest.raises(SpeechError):
        parse_wav(data)


def test_silence_measures_as_silence() -> None:
    assert Audio(16000, b"\x00\x00" * 16000).rms() == 0


def test_choices_are_numbered_in_the_patient_language() -> None:
    assert numbered(1, "Several days", "en") == "two: Several days"
    assert numbered(0, "Nunca", "es") == "uno: Nunca"
    assert numbered(20, "Other", "en") == "21: Other"


def test_text_is_cut_into_sentences() -> None:
    assert sentences("First one.  Second?\nThird!  ") == ["First one.", "Second?", "Third!"]
    assert sentences("   ") == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_kiosk_speak_writes_a_playable_wav(require_espeak: None, tmp_path: Path, language: str) -> None:
    out = tmp_path / "said.wav"
    done = subprocess.run([sys.executable, "-m", "kiosk", "speak", "--lang", language, "--text", SENTENCES[language],
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    with wave.open(str(out)) as wav:  # lengths filled in: any player reads it
        assert wav.getnframes() / wav.getframerate() > 0.5
        frames = wav.readframes(wav.getnframes())
    assert Audio(22050, frames).rms() > 20 * SILENCE_RMS


def test_kiosk_speak_refuses_empty_text_clearly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "speak", "--lang", "en", "--text", " ",
                           "--out", str(tmp_path / "x.wav")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--text is empty" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.wav").exists()
