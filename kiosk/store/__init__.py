"""Durable, encrypted submission storage through SQLAlchemy (no Qt).

``Store.open(settings)`` is the way in; see ``kiosk.store.store`` for the operations and
``kiosk.store.errors`` for what can go wrong.
"""

from kiosk.store.anchor import Anchor, AnchorError
from kiosk.store.audit import AuditReport
from kiosk.store.errors import (
    AmbiguousId,
    InsecureDatabaseURL,
    KeyMismatch,
    KeyStoreError,
    NotFound,
    StoreError,
    StoreUnavailable,
    UnreadableVisit,
)
from kiosk.store.keys import KeyStore, new_key_text, normalise_name
from kiosk.store.queue import QueueEntry, QueuePatient, QueueView, UnreadableRow
from kiosk.store.rotate import RotationResult, retire_key, rotate_keys
from kiosk.store.store import Store, spool_visit

__all__ = [
    "AmbiguousId",
    "Anchor",
    "AnchorError",
    "AuditReport",
    "InsecureDatabaseURL",
    "KeyMismatch",
    "KeyStore",
    "KeyStoreError",
    "NotFound",
    "QueueEntry",
    "QueuePatient",
    "QueueView",
    "RotationResult",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UnreadableRow",
    "UnreadableVisit",
    "new_key_text",
    "normalise_name",
    "retire_key",
    "rotate_keys",
    "spool_visit",
]
