"""Encryption keys: AES-256-GCM field encryption, blind indexes, audit MACs and the PIN pepper.

Keys come from ``KIOSK_KEY`` (base64; several comma-separated, the first is current) or
from a key file with mode 0600 in the data folder. Every ciphertext and every audit entry
is stored with the id (fingerprint) of its key, so rows written before a rotation stay
readable and verifiable. Which key the store's rows use is recorded in the database
(``kiosk.store.registry``); this module only holds what this process has.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.settings import Settings
from kiosk.store.errors import KeyStoreError
from kiosk.store.keyfile import (
    KEY_FILE,
    PEPPER_FILE,
    KeyFileMissing,
    create_key_file,
    decode_key,
    key_id_of,
    pepper_id_of,
    read_key_file,
    read_pepper_file,
    stamp,
    write_key_file,
)

__all__ = ["KEY_FILE", "PEPPER_FILE", "KeyFileMissing", "KeyStore", "key_id_of", "new_key_text", "normalise_name"]

NONCE_BYTES = 12


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


def new_key_text() -> str:
    """A fresh random AES-256 key, base64-encoded (for ``KIOSK_KEY``)."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing removed, so "José  O'Neil" finds "jose oneil"."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isalnum() else (" " if c in " -_.,\t" else "") for c in letters.casefold())
    return " ".join(kept.split())


class KeyStore:
    """The clinic's data keys (current one first) and the staff PIN pepper, as this process has them."""

    def __init__(
        self, keys: dict[str, bytes], current: str, *, key_file: Path | None, pepper: bytes | None,
        pepper_source: str = "KIOSK_PEPPER",
    ) -> None:
        self._keys = keys
        self._current = current
        self._key_file = key_file
        self._file_stamp = stamp(key_file)
        self._pepper = pepper
        self.pepper_source = pepper_source
        self._index_keys = {kid: _derive(k, b"kiosk blind index v1") for kid, k in keys.items()}

    @classmethod
    def load(cls, settings: Settings, *, create_key: bool = False, create_pepper: bool = False) -> KeyStore:
        """Keys from ``KIOSK_KEY``, else from the key file in the data folder.

        A missing key file raises KeyFileMissing unless ``create_key`` (an empty store); a
        missing pepper file is made only with ``create_pepper`` (no staff accounts yet).
        """
        pepper = decode_key(settings.pepper, "KIOSK_PEPPER") if settings.pepper else None
        if settings.key:
            keys = [decode_key(part, "KIOSK_KEY") for part in settings.key.split(",") if part.strip()]
            if not keys:
                raise KeyStoreError("KIOSK_KEY is empty")
            pepper_path = settings.data_dir / PEPPER_FILE
            source = "KIOSK_PEPPER" if pepper else f"the pepper file {pepper_path}"
            pepper = pepper or read_pepper_file(pepper_path, create=create_pepper)
            by_id = {key_id_of(k): k for k in keys}
            return cls(by_id, key_id_of(keys[0]), key_file=None, pepper=pepper, pepper_source=source)
        path = settings.data_dir / KEY_FILE
        if create_key and not path.exists():
            create_key_file(path)
        by_id, current, file_pepper = read_key_file(path)
        source = "KIOSK_PEPPER" if pepper else f"the key file {path}"
        return cls(by_id, current, key_file=path, pepper=pepper or file_pepper, pepper_source=source)

    @property
    def current_id(self) -> str:
        """This process's preferred key (the store may still be on an older one until a rotation)."""
        self._reload_if_changed()
        return self._current

    @property
    def key_ids(self) -> list[str]:
        self._reload_if_changed()
        return list(self._keys)

    @property
    def from_file(self) -> bool:
        return self._key_file is not None

    @property
    def source(self) -> str:
        """Where this process's keys come from, for messages that tell an operator what to fix."""
        return "KIOSK_KEY" if self._key_file is None else f"the key file {self._key_file}"

    def holds(self, key_id: str) -> bool:
        """Whether this process has the key ``key_id`` (re-reading a key file changed meanwhile)."""
        self._reload_if_changed()
        return key_id in self._keys

    @property
    def pepper_id(self) -> str | None:
        """The pepper's fingerprint, None when this process has no pepper."""
        return None if self._pepper is None else pepper_id_of(self._pepper)

    def pepper(self) -> bytes:
        """The secret mixed into staff PIN hashes; kept out of the database, stable across rotations."""
        if self._pepper is None:
            raise KeyStoreError(f"no staff PIN pepper: {self.pepper_source} is missing (or set KIOSK_PEPPER)")
        return self._pepper

    def encrypt(self, plaintext: bytes, aad: bytes, key_id: str | None = None) -> tuple[str, bytes]:
        """``(key id, nonce + ciphertext)`` under ``key_id`` (default: this process's current key).

        ``aad`` binds the ciphertext to its row; a caller that puts the key id into the aad
        passes the same id here, so a rotation in between cannot split them.
        """
        key_id = key_id or self.current_id
        key = self._key(key_id)
        nonce = secrets.token_bytes(NONCE_BYTES)
        return key_id, nonce + AESGCM(key).encrypt(nonce, plaintext, aad)

    def decrypt(self, key_id: str, blob: bytes, aad: bytes) -> bytes:
        """The plaintext, or KeyStoreError if the key is unknown or the data was altered."""
        key = self._key(key_id)
        try:
            return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
        except InvalidTag:
            raise KeyStoreError(f"data under key {key_id} failed authentication (altered or wrong key)") from None

    def audit_key(self, key_id: str) -> bytes:
        """The audit MAC key derived from data key ``key_id`` (one-way: it decrypts nothing)."""
        return _derive(self._key(key_id), b"kiosk audit mac v1")

    def blind_index(self, legal_name: str, date_of_birth: dt.date, key_id: str | None = None) -> str:
        """A keyed hash of normalised name + date of birth: findable, not reversible."""
        key_id = key_id or self.current_id
        self._key(key_id)
        message = f"{normalise_name(legal_name)}\0{date_of_birth.isoformat()}".encode()
        return hmac.new(self._index_keys[key_id], message, hashlib.sha256).hexdigest()

    def patient_key(self, legal_name: str, date_of_birth: dt.date) -> str:
        """A stable key for one patient in exports (the FHIR Patient.identifier when no MRN).

        A keyed hash like the blind index, but under its own key derived from the pepper
        (which ``kiosk key rotate`` leaves alone, so the key outlives data-key rotations; the
        oldest data key held stands in where there is no pepper) with its own label: neither the
        name nor the blind index can be computed back from it, and it cannot be matched
        against the store's blind index column.
        """
        secret = self._pepper if self._pepper is not None else self._keys[self.key_ids[-1]]
        message = f"{normalise_name(legal_name)}\0{date_of_birth.isoformat()}".encode()
        digest = hmac.new(_derive(secret, b"kiosk export patient key v1"), message, hashlib.sha256)
        return digest.hexdigest()[:32]

    def mrn_index(self, mrn: str, key_id: str | None = None) -> str:
        """A keyed hash of an MRN (spacing and case ignored), under the blind-index key but with its
        own label, so an MRN index never equals a name index: findable, not reversible."""
        key_id = key_id or self.current_id
        self._key(key_id)
        message = b"mrn\0" + " ".join(mrn.split()).casefold().encode()
        return hmac.new(self._index_keys[key_id], message, hashlib.sha256).hexdigest()

    def mrn_indexes(self, mrn: str) -> list[str]:
        """The MRN index under every known key (rows may predate a rotation)."""
        self._reload_if_changed()
        return [self.mrn_index(mrn, kid) for kid in self._keys]

    def blind_indexes(self, legal_name: str, date_of_birth: dt.date) -> list[str]:
        """The blind index under every known key (rows may predate a rotation)."""
        self._reload_if_changed()
        return [self.blind_index(legal_name, date_of_birth, kid) for kid in self._keys]

    def add_key(self) -> str:
        """Make a new random key current in the key file, keeping the old ones for old rows."""
        if self._key_file is None:
            raise KeyStoreError("keys come from KIOSK_KEY: put a new key first (KIOSK_KEY=NEW,OLD) instead")
        self._reload_if_changed()
        key = secrets.token_bytes(32)
        key_id = key_id_of(key)
        keys = {key_id: key, **self._keys}
        write_key_file(self._key_file, keys, key_id, read_key_file(self._key_file)[2])
        self._reload_if_changed()
        return key_id

    def drop_key(self, key_id: str) -> None:
        """Remove a retired key from the key file (never the current one)."""
        if self._key_file is None:
            raise KeyStoreError(f"keys come from KIOSK_KEY: remove {key_id} from KIOSK_KEY yourself")
        keys, current, pepper = read_key_file(self._key_file)
        if key_id == current:
            raise KeyStoreError(f"{key_id} is the key file's current key; rotate first")
        keys.pop(key_id, None)
        write_key_file(self._key_file, keys, current, pepper)
        self._reload_if_changed()

    def _key(self, key_id: str) -> bytes:
        if key_id not in self._keys:
            self._reload_if_changed()
        try:
            return self._keys[key_id]
        except KeyError:
            raise KeyStoreError(f"no key {key_id} in the key store ({self.source}); data under it cannot be read") from None

    def _reload_if_changed(self) -> None:
        # Another process (``kiosk key rotate``) may have added a key since we loaded.
        if self._key_file is None or stamp(self._key_file) == self._file_stamp:
            return
        self._keys, self._current, _ = read_key_file(self._key_file)
        self._index_keys = {kid: _derive(k, b"kiosk blind index v1") for kid, k in self._keys.items()}
        self._file_stamp = stamp(self._key_file)
