"""What a screen says, as plain lines: the text, its language, and which choice it names.

A screen's choices are read with their numbers ("one: Not at all"), as the issue asks, so a
patient who cannot read can still tell them apart; ``mark`` lets the UI highlight the
choice being read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen"),
    "es": ("uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
           "once", "doce", "trece", "catorce", "quince"),
}
# a sentence ends at . ! ? (or their Spanish openers' partners) followed by a space
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Line:
    """One thing to say; ``mark`` numbers the on-screen element it names (None: no highlight)."""

    text: str
    language: str
    mark: int | None = None


def numbered(index: int, label: str, language: str) -> str:
    """The ``index``-th (0-based) choice as read aloud: "two: Several days"."""
    words = NUMBER_WORDS["es" if language == "es" else "en"]
    number = words[index] if index < len(words) else str(index + 1)
    return f"{number}: {label}"


def sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends, so the first can play while the rest is synthesised."""
    parts = [part.strip() for part in _SENTENCE_END.split(" ".join(text.split()))]
    return [part for part in parts if part]
