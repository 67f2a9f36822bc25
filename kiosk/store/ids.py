"""Finding a submission by the start of its id (the short id in file names, or longer).

A prefix (checked by ``kiosk.intake.short_ids``) becomes a range of UUIDs (``prefix000…``
to ``prefixfff…``) compared with the primary key: an index range scan on SQLite (ids stored as 32 hex
characters) and on PostgreSQL (native ``uuid``, ordered byte by byte, which is hex order),
with no cast or LIKE that would read every row.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, Select, select

from kiosk.intake.short_ids import normalise_prefix, prefix_range
from kiosk.store.errors import AmbiguousId, NotFound
from kiosk.store.tables import submissions as sub_t


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
