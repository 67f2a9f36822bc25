"""Durable, encrypted submission storage through SQLAlchemy (no Qt).

``Store.open(settings)`` is the way in; see ``kiosk.store.store`` for the operations and
``kiosk.store.errors`` for what can go wrong.
"""

from kiosk.store.errors import AmbiguousId, InsecureDatabaseURL, KeyStoreError, NotFound, StoreError, StoreUnavailable
from kiosk.store.keys import KeyStore, new_key_text, normalise_name
from kiosk.store.queue import QueueEntry, QueuePatient
from kiosk.store.rotate import RotationResult, rotate_keys
from kiosk.store.store import Store, spool_visit

__all__ = [
    "AmbiguousId",
    "InsecureDatabaseURL",
    "KeyStore",
    "KeyStoreError",
    "NotFound",
    "QueueEntry",
    "QueuePatient",
    "RotationResult",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "new_key_text",
    "normalise_name",
    "rotate_keys",
    "spool_visit",
]
