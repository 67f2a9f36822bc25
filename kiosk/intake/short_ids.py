"""Submission ids as people type them back: the 8-digit short id, or any longer prefix.

Export file names and the PDF show the first 8 hex digits of a visit's UUID. This module
only reads what was typed (no database, no SQLAlchemy), so ``kiosk export``/``print`` can
check their arguments before the store, and its imports, are loaded.
"""

from __future__ import annotations

import string
import uuid

MIN_PREFIX = 8
_HEX = frozenset(string.hexdigits)


def normalise_prefix(text: str) -> str:
    """``text`` as lower-case hex without dashes; ValueError (safe to show) if it cannot be an id prefix."""
    digits = text.strip().replace("-", "").lower()
    if not digits or not set(digits) <= _HEX or len(digits) > 32:
        raise ValueError(f"{text!r} is not a submission id (hex digits, as in the file name or `kiosk queue`)")
    if len(digits) < MIN_PREFIX:
        raise ValueError(f"{text!r} is too short: give at least {MIN_PREFIX} characters of the id")
    return digits


def prefix_range(digits: str) -> tuple[uuid.UUID, uuid.UUID]:
    """The lowest and highest UUID whose hex starts with ``digits`` (normalised)."""
    free = 32 - len(digits)
    return uuid.UUID(digits + "0" * free), uuid.UUID(digits + "f" * free)
