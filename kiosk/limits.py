"""What the kiosk accepts: size limits no real patient meets, and checks on typed text.

Every entry point (the kiosk's keyboard, ``kiosk submit``, FHIR imports, form files, staff
names) uses these, so a 50 MB "name" or a NUL byte is refused before it is stored, drawn
on a PDF or printed in a message. A reason names what is wrong, never what was typed.
"""

from __future__ import annotations

import unicodedata

NAME_MAX_CHARS = 200  # a patient's legal or preferred name
STAFF_NAME_MAX_CHARS = 100  # the staff table's column
TEXT_MAX_CHARS = 5000  # a free-text answer, unless its form sets max_length
TEXT_HARD_MAX_CHARS = 20_000  # the most a form's max_length may allow
SHORT_TEXT_MAX_CHARS = 200  # codes, phone numbers, dates, times: anything not free text
MRN_MAX_CHARS = 64  # a clinic's medical record number (HL7 v2 CX.1 allows 15; EHRs pad or prefix)
SIGNATURE_MAX_BYTES = 300_000  # a drawn signature PNG (ours are about 10 KB)
FORM_FILE_MAX_BYTES = 2_000_000  # one form YAML file (ours are under 20 KB)
VISIT_INPUT_MAX_BYTES = 4_000_000  # visit or FHIR JSON given to `kiosk submit`
MAX_NESTING = 64  # JSON/YAML depth; our deepest visit or form is under 10
MAX_INT_DIGITS = 30  # an integer in visit JSON (scores and numbers are small)

# Reverses or embeds text direction: a name could then show as someone else's on the desk.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Letters (Unicode category Lo/So) that draw nothing: a "name" of these alone looks empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cn", "Co"})


def text_problem(value: str, max_chars: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be kept as text (None when it can); never quotes the value."""
    if len(value) > max_chars:
        return f"is longer than {max_chars} characters"
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return "contains a broken character (not valid Unicode)"
        if char == "\x00":
            return "contains a NUL character"
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\n\r\t"):
            return "contains a control character"
    return None


def name_problem(value: str, max_chars: int = NAME_MAX_CHARS) -> str | None:
    """Why ``value`` cannot be a person's name: text rules, no direction controls, something visible."""
    problem = text_problem(value, max_chars)
    if problem:
        return problem
    if any(char in BIDI_CONTROLS for char in value):
        return "contains a text-direction control character"
    if all(_invisible(char) for char in value):
        return "has no visible letters"
    return None


def mrn_problem(value: str) -> str | None:
    """Why ``value`` cannot be a medical record number: the name rules (nothing invisible or
    direction-changing, which would make two MRNs look alike on the desk), MRN_MAX_CHARS long."""
    return name_problem(value, MRN_MAX_CHARS)


def clean_mrn(value: str) -> str:
    """An MRN as kept: outer spaces dropped, inner runs of spaces made one (as typed at a desk)."""
    return " ".join(value.split())


def _invisible(char: str) -> bool:
    return char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def too_deep(data: object, limit: int = MAX_NESTING) -> bool:
    """True when lists/objects in ``data`` nest deeper than ``limit`` (checked without recursion)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


_PLAIN_KEY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/|#")


def shown_key(key: object) -> str:
    """A field or form name as given, for a message; an odd or long one is not repeated."""
    text = str(key)
    if 0 < len(text) <= 64 and all(char in _PLAIN_KEY for char in text):
        return text
    return "(a field name that is too long or has unusual characters)"
