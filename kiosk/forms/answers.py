"""Checking a patient's answers against a form before they are scored or stored."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import re
from collections.abc import Mapping

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.limits import (
    SHORT_TEXT_MAX_CHARS,
    SIGNATURE_MAX_BYTES,
    TEXT_HARD_MAX_CHARS,
    TEXT_MAX_CHARS,
    shown_key,
    text_problem,
)
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.forms.recall import answer_cap
from kiosk.forms.scoring import same_code, visible_answers
from kiosk.forms.signature_mark import DRAWN_PREFIX, MARK_PREFIX, signature_base64

OLDEST_AGE_YEARS = 125
_PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{7,20}$")
_TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
SIGNATURE_PREFIX = DRAWN_PREFIX
# base64 is 4 characters per 3 bytes: the longest data URL a SIGNATURE_MAX_BYTES PNG makes
SIGNATURE_MAX_CHARS = len(MARK_PREFIX) + -(-SIGNATURE_MAX_BYTES // 3) * 4
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class AnswerError(ValueError):
    """Answers that cannot be accepted; ``problems`` lists each as ``form.item: reason``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_date_of_birth(value: object, today: dt.date | None = None) -> dt.date:
    """A date of birth as a date, or ValueError saying why it is impossible."""
    if not isinstance(value, str):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        born = dt.date.fromisoformat(value.strip()[:SHORT_TEXT_MAX_CHARS])
    except ValueError:
        raise ValueError("is not a real date (YYYY-MM-DD)") from None
    today = today or dt.date.today()
    if born > today:
        raise ValueError("is in the future")
    if born.year < today.year - OLDEST_AGE_YEARS:
        raise ValueError(f"is more than {OLDEST_AGE_YEARS} years ago")
    return born


def check_item_answer(
    form: FormDefinition, item: Item, value: Answer, today: dt.date | None = None
) -> str | None:
    """Why ``value`` is not a valid answer to ``item`` (None when it is).

    ``today`` is the visit's date, so a date of birth after it is refused. The reason says
    what is wrong, never what was given (it may be a patient's answer, or megabytes of one).
    """
    kind = item.type
    if kind in (ItemType.single_choice, ItemType.yes_no):
        if isinstance(value, list) or not any(same_code(o.code, value) for o in form.options_of(item)):
            allowed = ", ".join(_code_text(o.code) for o in form.options_of(item))
            return f"is not one of the allowed codes ({allowed})"
        return None
    if kind is ItemType.multiple_choice:
        if not isinstance(value, list):
            return "must be a list of codes"
        options = form.options_of(item)
        if len(value) > len(options):
            return "has more answers than the question has options"
        for code in value:
            if not any(same_code(o.code, code) for o in options):
                return "holds a code that is not one of the allowed codes"
        if len(value) > 1:
            for option in options:
                if option.exclusive and any(same_code(option.code, c) for c in value):
                    return f"{_code_text(option.code)} cannot be chosen together with other answers"
        return None
    if kind is ItemType.number:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return "must be a number"
        if item.min is not None and value < item.min:
            return f"must be at least {item.min:g}"
        if item.max is not None and value > item.max:
            return f"must be at most {item.max:g}"
        return None
    if not isinstance(value, str):
        return "must be text"
    if kind is ItemType.signature and len(value) > SIGNATURE_MAX_CHARS:
        return f"is a signature image larger than {SIGNATURE_MAX_BYTES // 1000} KB"
    problem = text_problem(value, text_limit(item), multiline=kind is ItemType.text)
    if problem:
        return problem
    if kind is ItemType.date:
        try:
            if item.patient_field == "date_of_birth":
                parse_date_of_birth(value, today)
            else:
                dt.date.fromisoformat(value)
        except ValueError as exc:
            return str(exc) if item.patient_field else "is not a date (YYYY-MM-DD)"
    if kind is ItemType.time and not _TIME_RE.match(value):
        return "is not a time (HH:MM, 24-hour)"
    if kind is ItemType.phone and not _PHONE_RE.match(value):
        return "is not a phone number"
    if kind is ItemType.signature and not _is_png_data_url(value):
        return f"must be a drawn signature ({SIGNATURE_PREFIX}...)"
    return None


def text_limit(item: Item) -> int:
    """The most characters an answer to ``item`` may have: its form's max_length, else ours."""
    if item.type is ItemType.signature:
        return SIGNATURE_MAX_CHARS
    if item.type is ItemType.text:
        return min(item.max_length or TEXT_MAX_CHARS, TEXT_HARD_MAX_CHARS)
    return min(item.max_length or SHORT_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS)


def _is_png_data_url(value: str) -> bool:
    # The PDF report embeds the image as-is, so anything but a real PNG must be refused here.
    encoded = signature_base64(value)  # drawn, or a switch-access mark (kiosk.forms.signature_mark)
    if encoded is None:
        return False
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return False
    return data.startswith(_PNG_MAGIC)


def _over_cap(
    form: FormDefinition, item: Item, value: Answer, answers: Mapping[str, Answer], context: VisitContext
) -> str | None:
    """Why a number exceeds its ``at_most`` cap (the days asked about, or an earlier answer)."""
    cap = answer_cap(form, item, answers, context)
    if cap is None or not isinstance(value, (int, float)) or value <= cap.most:
        return None
    if cap.by == "recall":
        return f"must be at most {cap.most:g}, the number of days asked about"
    return f"must be at most {cap.most:g}, the answer to {item.at_most}"


def _code_text(code: object) -> str:
    if isinstance(code, bool):
        return "true" if code else "false"
    return repr(code) if isinstance(code, str) else str(code)


def _is_blank(value: Answer) -> bool:
    return value is None or (isinstance(value, (str, list)) and len(value) == 0) or (
        isinstance(value, str) and not value.strip()
    )


def check_answers(
    form: FormDefinition,
    answers: Mapping[str, Answer],
    today: dt.date | None = None,
    context: VisitContext = NO_CONTEXT,
) -> dict[str, Answer]:
    """Validated answers of the visible items (hidden ones dropped), or AnswerError.

    Rejects unknown items, codes not among an item's options, and a required visible item
    left unanswered. ``info`` items never take an answer. ``context`` is the visit, for skip
    logic that names another form's answers.
    """
    problems: list[str] = []
    known = {item.id: item for item in form.items}
    for item_id in answers:
        if item_id not in known:
            problems.append(f"{form.id}.{shown_key(item_id)}: unknown item")
    shown = visible_answers(form, {k: v for k, v in answers.items() if k in known}, context)
    kept: dict[str, Answer] = {}
    for item_id, value in shown.items():
        item = known[item_id]
        if item.type is ItemType.info:
            continue
        if _is_blank(value):
            if item.required:
                problems.append(f"{form.id}.{item_id}: required answer missing")
            continue
        reason = check_item_answer(form, item, value, today) or _over_cap(form, item, value, shown, context)
        if reason:
            problems.append(f"{form.id}.{item_id}: {reason}")
        else:
            kept[item_id] = value
    if problems:
        raise AnswerError(problems)
    return kept
