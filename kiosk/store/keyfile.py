"""The key file (``kiosk.key``, JSON, mode 0600) and the separate PIN pepper file.

Kept apart from ``kiosk.store.keys`` so the rules for what lives on disk, and who may
create it, are in one small place. Nothing here creates a key file on its own: the store
decides that, and only for an empty store.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
import stat
from pathlib import Path

from kiosk.store.errors import KeyStoreError
from kiosk.store.files import write_private_file

KEY_FILE = "kiosk.key"
PEPPER_FILE = "pin-pepper"


class KeyFileMissing(KeyStoreError):
    """The key (or pepper) file is not there; the store says whether a new one may be made."""


def key_id_of(key: bytes) -> str:
    """A key's fingerprint: a stable, non-secret name (a hash prefix) stored with each row."""
    return "k" + hashlib.sha256(b"kiosk key id\0" + key).hexdigest()[:15]


def pepper_id_of(pepper: bytes) -> str:
    """The PIN pepper's fingerprint, recorded in the store so a wrong pepper is refused."""
    return "p" + hashlib.sha256(b"kiosk pepper id\0" + pepper).hexdigest()[:15]


def decode_key(text: str, where: str) -> bytes:
    """32 raw bytes from base64 text, or KeyStoreError naming ``where`` it came from."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyStoreError(f"{where} is not valid base64") from None
    if len(raw) != 32:
        raise KeyStoreError(f"{where} must be 32 bytes (AES-256), base64-encoded; it is {len(raw)} bytes")
    return raw


def stamp(path: Path | None) -> tuple[int, int, int] | None:
    """Inode, mtime and size: changes when another process rewrites the file."""
    if path is None:
        return None
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def read_pepper_file(path: Path, *, create: bool) -> bytes | None:
    """The pepper in ``path``; a new one only when ``create`` (None when absent otherwise)."""
    if not path.exists():
        if not create:
            return None
        write_private_file(path, base64.b64encode(secrets.token_bytes(32)) + b"\n", exclusive=True)
    check_private(path)
    return decode_key(path.read_text(encoding="ascii"), str(path))


def create_key_file(path: Path) -> None:
    """A new key file with one random key and a random pepper (refuses to overwrite one)."""
    key = secrets.token_bytes(32)
    write_key_file(path, {key_id_of(key): key}, key_id_of(key), secrets.token_bytes(32), exclusive=True)


def write_key_file(
    path: Path, keys: dict[str, bytes], current: str, pepper: bytes, *, exclusive: bool = False
) -> None:
    body = {
        "format": 1,
        "current": current,
        "keys": {kid: base64.b64encode(k).decode() for kid, k in keys.items()},
        "pepper": base64.b64encode(pepper).decode(),
    }
    write_private_file(path, (json.dumps(body, indent=2) + "\n").encode(), exclusive=exclusive)


def read_key_file(path: Path) -> tuple[dict[str, bytes], str, bytes]:
    """``(keys by id, current id, pepper)``; KeyFileMissing when it is not there."""
    if not path.exists():
        raise KeyFileMissing(f"the key file {path} is missing")
    check_private(path)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        keys = {kid: decode_key(text, f"{path} key {kid}") for kid, text in body["keys"].items()}
        current, pepper = body["current"], decode_key(body["pepper"], f"{path} pepper")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyStoreError(f"key file {path} is unreadable or damaged ({exc.__class__.__name__})") from None
    for kid, key in keys.items():
        if key_id_of(key) != kid:
            raise KeyStoreError(f"key file {path}: key {kid} does not match its id")
    if current not in keys:
        raise KeyStoreError(f"key file {path}: the current key {current} is missing")
    return keys, current, pepper


def check_private(path: Path) -> None:
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        raise KeyStoreError(f"{path} is readable by others (mode {mode:04o}); run: chmod 600 {path}")
