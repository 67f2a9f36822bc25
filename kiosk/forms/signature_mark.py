"""How a signature answer says it was made: drawn by hand, or a mark made with switch access.

A patient who uses a switch (or keys) instead of a finger signs by pressing Enter on the pad,
which draws an X — a mark, as a person who cannot write signs. Such a consent needs a member
of staff to witness it, so the answer itself records it: the same PNG data URL with a media-
type parameter (RFC 2397, ``data:image/png;mark=switch;base64,…``). It travels wherever the
answer goes — the store's payload (no migration), the PDF, the desk, the FHIR attachment's
``contentType`` — and older readers still see a PNG.
"""

from __future__ import annotations

from kiosk.forms.model import Answer

DRAWN_PREFIX = "data:image/png;base64,"
MARK_PREFIX = "data:image/png;mark=switch;base64,"

SIGNED_WITH_MARK = {
    "en": "Signed with a mark using switch access — staff to witness",
    "es": "Firmado con una marca usando el acceso por interruptor — el personal debe atestiguarlo",
}
"""What the PDF, the desk and the FHIR export say of a consent signed with a switch mark."""


def signature_base64(value: Answer) -> str | None:
    """The base64 PNG part of a signature answer of either kind (None: not a PNG data URL)."""
    if isinstance(value, str):
        for prefix in (DRAWN_PREFIX, MARK_PREFIX):
            if value.startswith(prefix):
                return value[len(prefix):]
    return None


def signed_with_mark(value: Answer) -> bool:
    """Whether a signature answer is a mark made with switch access (staff to witness)."""
    return isinstance(value, str) and value.startswith(MARK_PREFIX)


def as_mark(uri: str) -> str:
    """A drawn signature's data URL re-labelled as a switch-access mark."""
    return MARK_PREFIX + uri[len(DRAWN_PREFIX):] if uri.startswith(DRAWN_PREFIX) else uri
