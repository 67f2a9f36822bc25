"""A form definition as canonical JSON and its sha256: the identity of "what was asked".

A visit records, per form, the hash of the exact definition it was answered with; the store
keeps each distinct definition once under that hash. The JSON is canonical (sorted keys, no
spaces, UTF-8, fields left at their default omitted) so the same loaded definition always
gives the same bytes, whatever the YAML's layout, comments or key order, and a field added
to the model later with a default does not change the hash of existing forms.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from pydantic import ValidationError

from kiosk.forms.model import FormDefinition


class DefinitionError(ValueError):
    """Stored definition bytes that do not hash back to their key or no longer load."""


def canonical_json(form: FormDefinition) -> bytes:
    """The definition as canonical JSON bytes (the input of its hash)."""
    data = form.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest_of(body: bytes) -> str:
    """The sha256 of canonical JSON bytes, in hex: the definition's content address."""
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class CanonicalForm:
    """A definition with its canonical bytes and hash.

    ``reconstructed`` marks a definition recorded for visits stored before definitions
    were kept: the file on disk of the version they cite, not proof of what they saw.
    """

    form: FormDefinition
    body: bytes
    digest: str
    reconstructed: bool = False

    @classmethod
    def of(cls, form: FormDefinition) -> CanonicalForm:
        body = canonical_json(form)
        return cls(form, body, digest_of(body))

    @classmethod
    def from_stored(cls, body: bytes, digest: str, *, reconstructed: bool = False) -> CanonicalForm:
        """Stored bytes back into a definition, checked: they must hash to ``digest``."""
        if digest_of(body) != digest:
            raise DefinitionError("its content no longer matches its sha256 (altered after it was stored)")
        try:
            form = FormDefinition.model_validate_json(body)
        except ValidationError as exc:
            raise DefinitionError(
                f"it no longer loads in this version of the kiosk ({exc.error_count()} problem(s))"
            ) from None
        return cls(form, body, digest, reconstructed)

    @property
    def short(self) -> str:
        """The first 12 hex digits, enough to tell versions apart in a listing."""
        return self.digest[:12]
