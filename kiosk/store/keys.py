"""Encryption keys: AES-256-GCM field encryption, blind indexes and the staff PIN pepper.

Keys come from ``KIOSK_KEY`` (base64; several comma-separated, the first is current) or
from a key file created with mode 0600 in the data folder. Every ciphertext is stored
with the id of its key, so rows written before a rotation stay readable.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import stat
import unicodedata
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.settings import Settings
from kiosk.store.errors import KeyStoreError
from kiosk.store.files import write_private_file

KEY_FILE = "kiosk.key"
PEPPER_FILE = "pin-pepper"
NONCE_BYTES = 12


def key_id_of(key: bytes) -> str:
    """A stable, non-secret name for a key (a hash prefix), stored with each row."""
    return "k" + hashlib.sha256(b"kiosk key id\0" + key).hexdigest()[:15]


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


def _decode_key(text: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyStoreError(f"{where} is not valid base64") from None
    if len(raw) != 32:
        raise KeyStoreError(f"{where} must be 32 bytes (AES-256), base64-encoded; it is {len(raw)} bytes")
    return raw


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
    """The clinic's data keys (current one first) and the staff PIN pepper."""

    def __init__(self, keys: dict[str, bytes], current: str, *, key_file: Path | None, pepper: bytes) -> None:
        self._keys = keys
        self._current = current
        self._key_file = key_file
        self._file_stamp = _stamp(key_file)
        self._pepper = pepper
        self._index_keys = {kid: _derive(k, b"kiosk blind index v1") for kid, k in keys.items()}

    @classmethod
    def load(cls, settings: Settings) -> KeyStore:
        """Keys from ``KIOSK_KEY``, else from (a newly created) key file in the data folder."""
        if settings.key:
            keys = [_decode_key(part, "KIOSK_KEY") for part in settings.key.split(",") if part.strip()]
            if not keys:
                raise KeyStoreError("KIOSK_KEY is empty")
            by_id = {key_id_of(k): k for k in keys}
            pepper = _pepper_from_settings(settings) or _pepper_file(settings.data_dir / PEPPER_FILE)
            return cls(by_id, key_id_of(keys[0]), key_file=None, pepper=pepper)
        path = settings.data_dir / KEY_FILE
        if not path.exists():
            _create_key_file(path)
        by_id, current, file_pepper = _read_key_file(path)
        pepper = _pepper_from_settings(settings) or file_pepper
        return cls(by_id, current, key_file=path, pepper=pepper)

    @property
    def current_id(self) -> str:
        self._reload_if_changed()
        return self._current

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    @property
    def from_file(self) -> bool:
        return self._key_file is not None

    def pepper(self) -> bytes:
        """The secret mixed into staff PIN hashes; kept out of the database, stable across rotations."""
        return self._pepper

    def encrypt(self, plaintext: bytes, aad: bytes, key_id: str | None = None) -> tuple[str, bytes]:
        """``(key id, nonce + ciphertext)`` under ``key_id`` (default: the current key).

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

    def blind_index(self, legal_name: str, date_of_birth: dt.date, key_id: str | None = None) -> str:
        """A keyed hash of normalised name + date of birth: findable, not reversible."""
        key_id = key_id or self.current_id
        self._key(key_id)
        message = f"{normalise_name(legal_name)}\0{date_of_birth.isoformat()}".encode()
        return hmac.new(self._index_keys[key_id], message, hashlib.sha256).hexdigest()

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
        _write_key_file(self._key_file, keys, key_id, self._pepper_in_file())
        self._reload_if_changed()
        return key_id

    def _pepper_in_file(self) -> bytes:
        assert self._key_file is not None
        return _read_key_file(self._key_file)[2]

    def _key(self, key_id: str) -> bytes:
        if key_id not in self._keys:
            self._reload_if_changed()
        try:
            return self._keys[key_id]
        except KeyError:
            raise KeyStoreError(f"no key {key_id} in the key store; data under it cannot be read") from None

    def _reload_if_changed(self) -> None:
        # Another process (``kiosk key rotate``) may have added a key since we loaded.
        if self._key_file is None or _stamp(self._key_file) == self._file_stamp:
            return
        self._keys, self._current, _ = _read_key_file(self._key_file)
        self._index_keys = {kid: _derive(k, b"kiosk blind index v1") for kid, k in self._keys.items()}
        self._file_stamp = _stamp(self._key_file)


def _stamp(path: Path | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _pepper_from_settings(settings: Settings) -> bytes | None:
    return _decode_key(settings.pepper, "KIOSK_PEPPER") if settings.pepper else None


def _pepper_file(path: Path) -> bytes:
    if not path.exists():
        write_private_file(path, base64.b64encode(secrets.token_bytes(32)) + b"\n", exclusive=True)
    _check_private(path)
    return _decode_key(path.read_text(encoding="ascii"), str(path))


def _create_key_file(path: Path) -> None:
    key = secrets.token_bytes(32)
    _write_key_file(path, {key_id_of(key): key}, key_id_of(key), secrets.token_bytes(32), exclusive=True)


def _write_key_file(
    path: Path, keys: dict[str, bytes], current: str, pepper: bytes, *, exclusive: bool = False
) -> None:
    body = {
        "format": 1,
        "current": current,
        "keys": {kid: base64.b64encode(k).decode() for kid, k in keys.items()},
        "pepper": base64.b64encode(pepper).decode(),
    }
    write_private_file(path, (json.dumps(body, indent=2) + "\n").encode(), exclusive=exclusive)


def _read_key_file(path: Path) -> tuple[dict[str, bytes], str, bytes]:
    _check_private(path)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        keys = {kid: _decode_key(text, f"{path} key {kid}") for kid, text in body["keys"].items()}
        current, pepper = body["current"], _decode_key(body["pepper"], f"{path} pepper")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyStoreError(f"key file {path} is unreadable or damaged ({exc.__class__.__name__})") from None
    for kid, key in keys.items():
        if key_id_of(key) != kid:
            raise KeyStoreError(f"key file {path}: key {kid} does not match its id")
    if current not in keys:
        raise KeyStoreError(f"key file {path}: the current key {current} is missing")
    return keys, current, pepper


def _check_private(path: Path) -> None:
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        raise KeyStoreError(f"{path} is readable by others (mode {mode:04o}); run: chmod 600 {path}")
