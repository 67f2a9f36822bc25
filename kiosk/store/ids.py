"""Submission ids as people see them: the 8-digit short id, or any longer prefix.

Export file names and the PDF show the first 8 hex digits of a visit's UUID, so that is
what staff type back. A prefix becomes a range of UUIDs (``prefix000…`` to ``prefixfff…``)
compared with the primary key: an index range scan on SQLite (ids stored as 32 hex
characters) and on PostgreSQL (native ``uuid``, ordered byte by byte, which is hex order),
with no cast or LIKE that would read every row.
"""

from __future__ import annotations

import string
import uuid

from sqlalchemy import Connection, Select, select

from kiosk.store.errors import AmbiguousId, NotFound
from kiosk.store.tables import submissions as sub_t

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


def prefix_query(text: str) -> Select[tuple[uuid.UUID]]:
    """Up to two ids starting with ``text``: a range on the primary key, so its index serves it."""
    low, high = prefix_range(normalise_prefix(text))
    return select(sub_t.c.id).where(sub_t.c.id.between(low, high)).order_by(sub_t.c.id).limit(2)


def resolve_prefix(conn: Connection, text: str) -> uuid.UUID:
    """The one stored submission id starting with ``text``; NotFound or AmbiguousId otherwise."""
    found = list(conn.execute(prefix_query(text)).scalars())
    if not found:
        raise NotFound(f"no submission {text}")
    if len(found) > 1:
        raise AmbiguousId(f"{text} is the start of more than one submission's id: give more characters "
                          "(the full id is in `kiosk queue`)")
    return uuid.UUID(str(found[0]))
