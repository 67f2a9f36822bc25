"""Read-aloud: what a screen says, synthesised offline and played off the UI thread (no Qt).

Only the standard library is imported here, so importing the package costs the kiosk's
start-up nothing; the synthesiser and the audio player are separate processes started on
the first read.
"""

from kiosk.speech.errors import SpeechError
from kiosk.speech.script import Line, numbered
from kiosk.speech.wav import Audio, parse_wav, to_wav

__all__ = ["Audio", "Line", "SpeechError", "numbered", "parse_wav", "to_wav"]
