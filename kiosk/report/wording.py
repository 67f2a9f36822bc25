"""How dates, times, answers and score changes are written for clinicians (plain text, no PDF).

One place for these rules keeps the PDF, the staff screens and exports saying the same thing
the same way: dates as "7 Mar 1984" (never 03/07, which US and EU staff read differently).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io

from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.forms.scoring import same_code
from kiosk.forms.signature_mark import SIGNED_WITH_MARK, signature_base64, signed_with_mark

LANGUAGE_NAMES = {"en": "English", "es": "Spanish (español)"}
NO_ANSWER = "No answer"
SIGNED = "Signed"
"""A drawn signature's answer text (a switch-access mark says more: SIGNED_WITH_MARK)."""
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def day_text(day: dt.date) -> str:
    """``7 Mar 1984``: unambiguous in every English-speaking clinic."""
    return f"{day.day} {day:%b %Y}"


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC) time in the machine's local zone, where the clinic reads it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone()


def moment_text(moment: dt.datetime) -> str:
    """``Wed 25 Nov 2026, 09:14 EST`` in the local zone."""
    local = local_time(moment)
    zone = local.tzname() or ""
    return f"{local:%a} {day_text(local.date())}, {local:%H:%M} {zone}".rstrip()


def language_text(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _code_text(code: object) -> str:
    if isinstance(code, bool):
        return "Yes" if code else "No"
    return str(code)


def option_label(form: FormDefinition, item: Item, code: object, language: str = "en") -> str:
    """The label of the option with this code, or the raw code if the form no longer has it."""
    for option in form.options_of(item):
        if same_code(option.code, code):
            return option.label.get(language)
    return f"{_code_text(code)} (code not in this form version)"


def is_answered(value: Answer) -> bool:
    if value is None:
        return False
    if isinstance(value, (str, list)):
        return len(value) > 0 and (not isinstance(value, str) or value.strip() != "")
    return True


def answer_text(form: FormDefinition, item: Item, value: Answer, language: str = "en") -> str:
    """An answer as a clinician reads it: option labels, dates in words, text as typed."""
    if not is_answered(value):
        return NO_ANSWER
    kind = item.type
    if kind in (ItemType.single_choice, ItemType.yes_no):
        return option_label(form, item, value, language)
    if kind is ItemType.multiple_choice:
        codes = value if isinstance(value, list) else [value]
        return "; ".join(option_label(form, item, c, language) for c in codes)
    if kind is ItemType.number and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if kind is ItemType.date and isinstance(value, str):
        try:
            return day_text(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if kind is ItemType.signature:
        if not signature_png(value):
            return "Signature image unreadable"
        return SIGNED_WITH_MARK["en"] if signed_with_mark(value) else SIGNED
    return str(value)


def is_highlighted(item: Item, value: Answer) -> bool:
    """True when the answer is one the form marks for the clinician's attention."""
    if not item.highlight or not is_answered(value):
        return False
    chosen = value if isinstance(value, list) else [value]
    return any(same_code(c, h) for c in chosen for h in item.highlight)


def signature_png(value: Answer) -> bytes | None:
    """The PNG bytes of a ``data:image/png;base64,...`` signature, or None if it is not one."""
    encoded = signature_base64(value)  # drawn, or a switch-access mark
    if encoded is None:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not data.startswith(_PNG_MAGIC):
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decode fully: a damaged drawing must not stop the whole summary
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return data


def change_text(now: int, before: int | None) -> str:
    """A score's change since the previous visit, in words and an arrow (never colour alone)."""
    if before is None:
        return "not scored last visit"
    delta = now - before
    if delta > 0:
        return f"▲ up {delta} (was {before})"
    if delta < 0:
        return f"▼ down {-delta} (was {before})"
    return f"= no change (was {before})"
