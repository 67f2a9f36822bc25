"""Telling every open desk that the queue changed, instead of each desk re-running the query.

PostgreSQL: the transaction that stores a visit (or changes its status) sends
``NOTIFY kiosk_queue, '<submission id>'`` — the id only, never patient data — and desks
``LISTEN``; the notice is delivered when the transaction commits, to every desk on every
machine. SQLite: the database is local, so a desk watches ``PRAGMA data_version``, which
changes whenever another connection commits; that is a few microseconds per look, against
decrypting the day's queue on every poll.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Protocol

from sqlalchemy import Engine

from kiosk.store.changes import CHANNEL

SQLITE_LOOK_S = 0.05


class ChangeWatcher(Protocol):
    """Blocks (on a worker thread) until the queue may have changed, or ``timeout`` passes."""

    def wait(self, timeout: float) -> bool: ...
    def close(self) -> None: ...


class PgListener:
    """A dedicated PostgreSQL connection that LISTENs on the queue channel."""

    def __init__(self, engine: Engine) -> None:
        import psycopg

        url = engine.url.set(drivername="postgresql")
        self._conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> bool:
        for _notice in self._conn.notifies(timeout=timeout, stop_after=1):
            return True
        return False

    def close(self) -> None:
        self._conn.close()


class SqliteWatcher:
    """Watches ``PRAGMA data_version`` on its own connection to the database file."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._version = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while True:
            version = self._read()
            if version != self._version:
                self._version = version
                return True
            if time.monotonic() >= end:
                return False
            time.sleep(SQLITE_LOOK_S)

    def close(self) -> None:
        self._conn.close()


def watcher_for(engine: Engine) -> ChangeWatcher:
    """The right watcher for the store's database."""
    if engine.dialect.name == "postgresql":
        return PgListener(engine)
    return SqliteWatcher(str(engine.url.database))
