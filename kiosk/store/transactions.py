"""The store's transactions: writes that carry audit entries, and read-only connections.

A write transaction (``Tx``) knows the store's current key (read inside it, so a rotation
made by another process is followed or refused) and appends audit entries; once it has
committed, the newest entry is anchored outside the database.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from kiosk.store import audit as audit_log
from kiosk.store import registry
from kiosk.store.anchor import AnchorFile
from kiosk.store.engine import READ_ONLY
from kiosk.store.refusals import database
from kiosk.store.keys import KeyStore

log = logging.getLogger(__name__)


class Tx:
    """One writing transaction: its connection, the store's current key, and audit entries."""

    def __init__(self, conn: Connection, keys: KeyStore) -> None:
        self.conn = conn
        self._keys = keys
        self.head: audit_log.Head | None = None

    def key_id(self) -> str:
        """The key new rows go under; KeyMismatch if this process does not have it."""
        return registry.current_key(self.conn, self._keys)

    def log(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None:
        self.head = audit_log.append(self.conn, self._keys, actor, action, submission_id, detail)


class TransactionsMixin:
    """``writing`` and ``_connect`` over the store's engine, keys and anchor file."""

    engine: Engine
    keys: KeyStore
    anchors: AnchorFile | None

    @contextmanager
    def writing(self, doing: str) -> Iterator[Tx]:
        """A write transaction; the audit head it wrote is anchored once it has committed."""
        with database(doing), self.engine.begin() as conn:
            tx = Tx(conn, self.keys)
            yield tx
        if tx.head is not None and self.anchors is not None:
            try:
                self.anchors.append(tx.head.id, tx.head.key_id, tx.head.mac)
            except OSError as exc:  # the entry is committed; a later anchor covers it
                log.error("cannot append to the audit anchor file (%s)", exc.strerror)

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if not write:
                conn.execution_options(**{READ_ONLY: True})
            with conn.begin():
                yield conn
