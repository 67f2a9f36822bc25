"""Turning a Submission into a row (clear queue metadata + encrypted payload) and back."""

from __future__ import annotations

import json
import uuid
from typing import Any

from kiosk.intake.submission import SEVERITY_RANK, Submission
from kiosk.store.errors import KeyStoreError, UnreadableVisit
from kiosk.store.handling import columns_of, handling_of
from kiosk.store.keys import KeyStore

# Everything identifying or answered goes into the encrypted payload.
PAYLOAD_FIELDS = {"language", "patient", "responses", "not_asked", "last_visit_on"}


def _aad(submission_id: uuid.UUID, key_id: str) -> bytes:
    # Binding the ciphertext to its row stops a payload being swapped onto another row.
    return f"submission|{submission_id}|{key_id}".encode()


def encode(submission: Submission, keys: KeyStore, key_id: str) -> dict[str, Any]:
    """The column values for ``submission``, encrypted under ``key_id`` (the store's current key)."""
    plaintext = submission.model_dump_json(include=PAYLOAD_FIELDS).encode()
    _, payload = keys.encrypt(plaintext, _aad(submission.id, key_id), key_id)
    return {
        "id": submission.id,
        "created_at": submission.created_at,
        "kiosk_id": submission.kiosk_id,
        "severity": submission.severity,
        "severity_rank": SEVERITY_RANK[submission.severity],
        "blind_index": keys.blind_index(submission.patient.legal_name, submission.patient.date_of_birth, key_id),
        "mrn_index": keys.mrn_index(submission.patient.mrn, key_id) if submission.patient.mrn else None,
        "key_id": key_id,
        "payload": payload,
        **columns_of(submission.handling),
    }


def decode_payload(row: Any, keys: KeyStore) -> dict[str, Any]:
    """The decrypted patient, language and responses of a row; UnreadableVisit naming the row."""
    try:
        data: dict[str, Any] = json.loads(keys.decrypt(row.key_id, row.payload, _aad(row.id, row.key_id)))
    except KeyStoreError as exc:
        raise UnreadableVisit(f"visit {row.id} cannot be decrypted: {exc}", row.id) from None
    return data


def decode(row: Any, keys: KeyStore) -> Submission:
    """The Submission stored in ``row``."""
    data = decode_payload(row, keys)
    data.update(id=row.id, created_at=row.created_at, kiosk_id=row.kiosk_id, handling=handling_of(row))
    return Submission.model_validate(data)


def reencrypt(row: Any, keys: KeyStore, key_id: str) -> dict[str, Any]:
    """New ``key_id``, ``payload``, ``blind_index`` and ``mrn_index`` for ``row`` under ``key_id``."""
    submission = decode(row, keys)
    values = encode(submission, keys, key_id)
    return {k: values[k] for k in ("key_id", "payload", "blind_index", "mrn_index")}
