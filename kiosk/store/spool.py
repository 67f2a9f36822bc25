"""An encrypted on-disk spool for submissions the database could not take.

A visit that fails to commit is written here (AES-GCM, mode 0600, fsynced) and stored on
the next start. A few small reserve files are kept so the spool can still be written when
the disk is full: one is deleted to make room each time the disk refuses a spool file.
"""

from __future__ import annotations

import errno
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from kiosk.forms.canonical import CanonicalForm, DefinitionError
from kiosk.intake.submission import Submission
from kiosk.store.files import write_private_file
from kiosk.store.keys import KeyStore

RESERVE_CHUNKS = 4
RESERVE_BYTES = 64 * 1024  # per chunk; one chunk holds a dozen spooled visits
SUFFIX = ".spool"


def _aad(submission_id: str) -> bytes:
    return f"spool|{submission_id}".encode()


class Spool:
    """Submissions waiting for the database, one encrypted file each."""

    def __init__(self, directory: Path, keys: KeyStore) -> None:
        self.directory = directory
        self._keys = keys

    def ensure_reserve(self) -> None:
        """Keep the disk-full reserve in place (best effort: a full disk may refuse it)."""
        for chunk in self._reserve_chunks():
            try:
                self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                if chunk.exists() and chunk.stat().st_size == RESERVE_BYTES:
                    continue
                write_private_file(chunk, b"\0" * RESERVE_BYTES)
            except OSError:
                chunk.unlink(missing_ok=True)
                return

    def reserve_left(self) -> int:
        """How many reserve chunks are in place."""
        return sum(1 for c in self._reserve_chunks() if c.exists())

    def _reserve_chunks(self) -> list[Path]:
        return [self.directory / f".reserve-{n}" for n in range(RESERVE_CHUNKS)]

    def put(self, submission: Submission, definitions: Iterable[CanonicalForm] = ()) -> Path:
        """Write ``submission`` durably; frees the reserve and retries once if the disk is full.

        ``definitions``, the forms it was answered with, travel beside it in clear (clinic
        wording, not PHI) so the store keeps them even if the files change before the replay.
        """
        key_id, blob = self._keys.encrypt(submission.model_dump_json().encode(), _aad(str(submission.id)))
        forms = {c.digest: c.body.decode("utf-8") for c in definitions}
        body = json.dumps({"format": 1, "key_id": key_id, "data": blob.hex(), "definitions": forms}).encode()
        path = self.directory / f"{submission.id}{SUFFIX}"
        chunks = [c for c in self._reserve_chunks() if c.exists()]
        while True:
            try:
                write_private_file(path, body)
                return path
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EDQUOT) or not chunks:
                    raise
                chunks.pop().unlink(missing_ok=True)

    def pending(self) -> list[Path]:
        """Spooled files, oldest first."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.iterdir():
            if not path.name.endswith(SUFFIX):
                continue
            try:
                found.append((path.stat().st_mtime_ns, path))
            except FileNotFoundError:
                continue  # another process replayed and removed it just now
        return [path for _, path in sorted(found)]

    def load(self, path: Path) -> Submission:
        """The submission in a spool file (KeyStoreError if it was tampered with)."""
        body = json.loads(path.read_text(encoding="utf-8"))
        submission_id = path.name[: -len(SUFFIX)]
        uuid.UUID(submission_id)
        plaintext = self._keys.decrypt(body["key_id"], bytes.fromhex(body["data"]), _aad(submission_id))
        return Submission.model_validate_json(plaintext)

    def definitions(self, path: Path) -> list[CanonicalForm]:
        """The form definitions spooled with a visit; one altered on disk is left out (the
        visit then shows today's file, with a note)."""
        spooled = json.loads(path.read_text(encoding="utf-8")).get("definitions") or {}
        found = []
        for digest, text in spooled.items():
            try:
                found.append(CanonicalForm.from_stored(text.encode("utf-8"), digest))
            except DefinitionError:
                continue
        return found

    def rewrite(self, path: Path) -> None:
        """Re-encrypt one spool file under the current key (key rotation)."""
        self.put(self.load(path), self.definitions(path))

    @staticmethod
    def remove(path: Path) -> None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass  # another kiosk process replayed it first
