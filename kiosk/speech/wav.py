"""16-bit PCM in memory: read a synthesiser's WAV stream, write a WAV file, measure loudness.

espeak-ng writing to a pipe cannot seek back to fill in its header's lengths (it leaves
0x7fffffff), so the ``wave`` module's frame count is wrong: the data chunk runs to the end.
"""

from __future__ import annotations

import array
import io
import math
import struct
import sys
import wave
from dataclasses import dataclass

from kiosk.speech.errors import SpeechError


@dataclass(frozen=True)
class Audio:
    """Mono signed 16-bit little-endian samples at ``rate`` Hz."""

    rate: int
    pcm: bytes

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0

    def rms(self) -> float:
        """Root mean square of the samples (silence is 0; speech is in the thousands)."""
        samples = _samples(self.pcm)
        if not samples:
            return 0.0
        return math.sqrt(sum(s * s for s in samples) / len(samples))

    def __add__(self, other: Audio) -> Audio:
        if self.rate != other.rate and self.pcm and other.pcm:
            raise SpeechError("cannot join audio of different sample rates")
        return Audio(self.rate or other.rate, self.pcm + other.pcm)


def _samples(pcm: bytes) -> array.array[int]:
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def parse_wav(data: bytes) -> Audio:
    """The samples of a RIFF/WAVE stream (mono 16-bit PCM), its data chunk read to the end."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError("the synthesiser did not return WAV audio")
    position, rate = 12, 0
    while position + 8 <= len(data):
        chunk, size = data[position:position + 4], struct.unpack("<I", data[position + 4:position + 8])[0]
        body = position + 8
        if chunk == b"fmt ":
            tag, channels, rate, _rate_bytes, _align, bits = struct.unpack("<HHIIHH", data[body:body + 16])
            if tag != 1 or channels != 1 or bits != 16:
                raise SpeechError(f"unsupported WAV format (tag {tag}, {channels} channels, {bits} bits)")
        elif chunk == b"data":
            if not rate:
                raise SpeechError("WAV data before its format")
            end = len(data) if body + size > len(data) else body + size
            return Audio(rate, data[body:end])
        position = body + size + (size & 1)
    raise SpeechError("WAV stream without audio data")


def to_wav(audio: Audio) -> bytes:
    """A complete WAV file's bytes (lengths filled in) for ``kiosk speak --out``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(audio.rate)
        out.writeframes(audio.pcm)
    return buffer.getvalue()
