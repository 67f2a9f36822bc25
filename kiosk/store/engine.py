"""Building the SQLAlchemy engine: SQLite in WAL mode with full sync, or verified PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from kiosk.store.errors import InsecureDatabaseURL, StoreError

BUSY_TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
READ_ONLY = "kiosk_read_only"  # execution option: a plain (deferred) SQLite transaction


def parse_url(text: str) -> URL:
    """The URL, or StoreError that does not echo a password back."""
    try:
        return make_url(text)
    except ArgumentError:
        raise StoreError("KIOSK_DB_URL is not a valid database URL (e.g. postgresql+psycopg://user@host/db)") from None


def check_url_security(url: URL, *, allow_insecure: bool) -> None:
    """Refuse a PostgreSQL URL to another host unless it verifies the server's certificate."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        return
    if backend != "postgresql":
        raise StoreError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    hosts = [url.host or ""]
    query_host = url.query.get("host")
    if query_host:
        hosts += [query_host] if isinstance(query_host, str) else list(query_host)
    remote = [h for h in hosts if h and h not in LOCAL_HOSTS and not h.startswith("/")]
    if not remote or allow_insecure:
        return
    if url.query.get("sslmode") != "verify-full":
        raise InsecureDatabaseURL(
            f"the database at {remote[0]} is on another host, so KIOSK_DB_URL must end with "
            "?sslmode=verify-full (encrypted, certificate and host name checked); weaker settings "
            "are refused. Set KIOSK_DB_INSECURE=1 only if you accept the risk."
        )


def make_engine(database_url: str, *, allow_insecure: bool = False) -> Engine:
    """An engine for the URL, with the durability settings of its backend."""
    url = parse_url(database_url)
    check_url_security(url, allow_insecure=allow_insecure)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        path = Path(url.database)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Created 0600 before SQLite sees it; SQLite gives its -wal and -shm files the same mode.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module so BEGIN IMMEDIATE is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock up front: a deferred transaction that upgrades to a write
        # fails at once with "database is locked" instead of waiting out the busy timeout.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
