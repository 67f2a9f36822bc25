"""The one error read-aloud raises: its message never repeats the text being spoken."""


class SpeechError(Exception):
    """Synthesis or playback failed (no engine, no output device, a broken stream)."""
