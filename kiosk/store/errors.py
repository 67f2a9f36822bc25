"""The store's exceptions, in one place so callers can catch exactly what they handle.

StoreError
├── StoreUnavailable     the database could not be reached or written (the visit is spooled)
├── NotFound             no submission with that id
├── AmbiguousId          a short id that more than one submission's id starts with
├── InsecureDatabaseURL  a remote PostgreSQL URL without sslmode=verify-full
├── KeyStoreError        the encryption key is missing, malformed or exposed
│   ├── KeyMismatch      this process lacks the key (or pepper) the store's rows use
│   └── UnreadableVisit  one stored visit cannot be decrypted (altered, or its key is gone)
└── DefinitionIntegrityError  a stored form definition no longer matches its hash
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store failure; the message is safe to show (never patient data)."""


class StoreUnavailable(StoreError):
    """The database refused a read or write (down, full, read-only, locked).

    ``spooled`` is True when the visit being stored was kept in the encrypted spool
    instead, to be stored on the next start: nothing was lost.
    """

    def __init__(self, message: str, *, spooled: bool = False) -> None:
        super().__init__(message)
        self.spooled = spooled


class NotFound(StoreError, LookupError):
    """No submission has the requested id (it may have been purged)."""


class AmbiguousId(StoreError, LookupError):
    """A short id (id prefix) matches more than one submission: more digits are needed."""


class InsecureDatabaseURL(StoreError):
    """The database URL would send patient data over an unverified connection."""


class KeyStoreError(StoreError):
    """The key material cannot be loaded or is not protected well enough."""


class KeyMismatch(KeyStoreError):
    """The store's rows use a key (or PIN pepper) this process does not hold.

    Raised before anything is written or anyone is signed in, so a wrong ``KIOSK_KEY`` or
    a lost key file cannot fork the data into rows nobody at the clinic can read.
    """


class UnreadableVisit(KeyStoreError):
    """One stored visit fails decryption; ``submission_id`` names it (never its content)."""

    def __init__(self, message: str, submission_id: object) -> None:
        super().__init__(message)
        self.submission_id = submission_id


class DefinitionIntegrityError(StoreError, LookupError):
    """A stored form definition was altered (or no longer loads): the visit cannot be shown
    as it was asked. The message names the form and the hash, never patient data."""
