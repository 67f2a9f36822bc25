"""Why a typed answer cannot be accepted, in the patient's language (no Qt).

The forms engine's ``check_item_answer`` speaks to staff in English; a patient on the
kiosk needs a short reason in their own language, e.g. "April has only 30 days".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from kiosk.forms.answers import OLDEST_AGE_YEARS, check_item_answer, text_limit
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.forms.recall import Cap

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
}

_REASONS: dict[str, dict[str, str]] = {
    "incomplete_date": {"en": "Please enter the whole date: month, day and 4-digit year.",
                        "es": "Escriba la fecha completa: mes, día y año de 4 dígitos."},
    "bad_month": {"en": "There is no month {month}. Months go from 01 to 12.",
                  "es": "No existe el mes {month}. Los meses van del 01 al 12."},
    "bad_day": {"en": "{month_name} {year} has only {days} days.",
                "es": "{month_name} de {year} solo tiene {days} días."},
    "zero_day": {"en": "The day must be between 01 and {days}.",
                 "es": "El día debe estar entre 01 y {days}."},
    "future": {"en": "That date is in the future. Please check the year.",
               "es": "Esa fecha es en el futuro. Revise el año."},
    "too_old": {"en": "That date is more than {years} years ago. Please check the year.",
                "es": "Esa fecha es de hace más de {years} años. Revise el año."},
    "bad_time": {"en": "Please enter a time such as 07:30.",
                 "es": "Escriba una hora, por ejemplo 07:30."},
    "pick_ampm": {"en": "Please tap AM or PM.", "es": "Toque AM o PM."},
    "bad_phone": {"en": "Please enter a 10-digit phone number.",
                  "es": "Escriba un número de teléfono de 10 dígitos."},
    "too_long": {"en": "Please use at most {n} characters.",
                 "es": "Use como máximo {n} caracteres."},
    "too_small": {"en": "Please enter a number of at least {n}.",
                  "es": "Escriba un número mayor o igual a {n}."},
    "too_large": {"en": "Please enter a number of at most {n}.",
                  "es": "Escriba un número menor o igual a {n}."},
    "not_number": {"en": "Please enter a number.", "es": "Escriba un número."},
    "over_recall": {"en": "These questions ask about {n} days. Please enter a number from 0 to {n}.",
                    "es": "Estas preguntas son sobre {n} días. Escriba un número del 0 al {n}."},
    "over_item": {"en": "This cannot be more than your answer to the question before ({n}).",
                  "es": "No puede ser mayor que su respuesta a la pregunta anterior ({n})."},
    "required": {"en": "Please answer this question to continue.",
                 "es": "Responda esta pregunta para continuar."},
    "sign": {"en": "Please sign in the box with your finger.",
             "es": "Por favor, firme en el recuadro con su dedo."},
    "later_than_now": {
        "en": "That time is later than now ({now}). Please check the hour and AM or PM. "
              "If it was yesterday, tap Next again to keep it.",
        "es": "Esa hora es más tarde que ahora ({now}). Revise la hora y AM o PM. "
              "Si fue ayer, toque Siguiente otra vez para guardarla.",
    },
    "invalid": {"en": "Please check this answer.", "es": "Revise esta respuesta."},
}

_US_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def reason(key: str, language: str, **values: object) -> str:
    """One patient-facing reason text, filled in."""
    texts = _REASONS[key]
    return (texts.get(language) or texts["en"]).format(**values)


_WIDEST_VALUES: dict[str, object] = {
    "month": "00", "days": 31, "year": 2026, "years": OLDEST_AGE_YEARS, "n": "1000.5", "now": "12:59 PM",
}
_ANY_ITEM = ("required", "invalid")
_REASONS_BY_TYPE: dict[ItemType, tuple[str, ...]] = {
    ItemType.date: ("incomplete_date", "bad_month", "bad_day", "zero_day", "future", "too_old"),
    ItemType.time: ("bad_time", "pick_ampm", "later_than_now"),
    ItemType.signature: ("sign",),
    ItemType.phone: ("bad_phone",),
    ItemType.number: ("not_number", "too_small", "too_large", "over_recall", "over_item"),
    ItemType.text: ("too_long",),
}
"""Which reasons an answer of each type can get (``explain`` and the kiosk's pads), besides any item's."""


def reason_texts(language: str, item_type: ItemType | None = None) -> list[str]:
    """Every reason an item of ``item_type`` (any type: None) can get, filled with its widest values.

    The kiosk keeps room for the longest one, so no key moves when a reason appears.
    """
    keys = list(_REASONS) if item_type is None else [*_ANY_ITEM, *_REASONS_BY_TYPE.get(item_type, ())]
    month_name = max(_MONTHS.get(language, _MONTHS["en"]), key=len).capitalize()
    return [reason(key, language, month_name=month_name, **_WIDEST_VALUES) for key in keys]


def parse_us_date(
    typed: str, language: str, today: dt.date, *, birth: bool = True
) -> tuple[str | None, str | None]:
    """``MM/DD/YYYY`` as ``(iso_date, None)``, or ``(None, reason)`` saying what is wrong."""
    match = _US_DATE.match(typed.strip())
    if not match:
        return None, reason("incomplete_date", language)
    month, day, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return None, reason("bad_month", language, month=match.group(1))
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day < 1:
        return None, reason("zero_day", language, days=days)
    if day > days:
        name = _MONTHS.get(language, _MONTHS["en"])[month - 1]
        if language == "es":
            name = name.capitalize()
        return None, reason("bad_day", language, month_name=name, year=year, days=days)
    born = dt.date(year, month, day)
    if birth and born > today:
        return None, reason("future", language)
    if birth and year < today.year - OLDEST_AGE_YEARS:
        return None, reason("too_old", language, years=OLDEST_AGE_YEARS)
    return born.isoformat(), None


def explain(
    form: FormDefinition, item: Item, value: Answer, language: str, today: dt.date, cap: Cap | None = None
) -> str | None:
    """Why ``value`` cannot be kept for ``item``, for the patient (None when it can).

    ``cap`` is the item's ``at_most`` for this visit (the days asked about, or an earlier answer).
    """
    if value is None or value == "" or value == []:
        if not item.required:
            return None
        return reason("sign" if item.type is ItemType.signature else "required", language)
    if item.type is ItemType.date and isinstance(value, str):
        try:
            born = dt.date.fromisoformat(value)
        except ValueError:
            return reason("incomplete_date", language)
        if item.patient_field == "date_of_birth":
            return parse_us_date(born.strftime("%m/%d/%Y"), language, today)[1]
        return None
    if item.type is ItemType.time and isinstance(value, str) and not _TIME.match(value):
        return reason("bad_time", language)
    if item.type is ItemType.number:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return reason("not_number", language)
        if item.min is not None and value < item.min:
            return reason("too_small", language, n=f"{item.min:g}")
        if item.max is not None and value > item.max:
            return reason("too_large", language, n=f"{item.max:g}")
        if cap is not None and value > cap.most:
            return reason("over_recall" if cap.by == "recall" else "over_item", language, n=f"{cap.most:g}")
    if isinstance(value, str) and item.type is not ItemType.signature and len(value) > text_limit(item):
        return reason("too_long", language, n=text_limit(item))
    problem = check_item_answer(form, item, value)
    if problem is None:
        return None
    if item.type is ItemType.phone:
        return reason("bad_phone", language)
    return reason("invalid", language)


def time_caution(item: Item, value: Answer, language: str, now: dt.datetime) -> str | None:
    """A doubt about a time of day later than now, for the patient (None when it is not).

    The kiosk's time questions ask when something last happened (food, a clear drink), so
    a later time is either a slip (AM for PM, 8 for 6) or yesterday: asked, not refused.
    ``now`` is the kiosk clock; times are compared in the kiosk's local time, as typed.
    """
    if item.type is not ItemType.time or not isinstance(value, str) or not _TIME.match(value):
        return None
    local = now.astimezone() if now.tzinfo is not None else now
    if value <= local.strftime("%H:%M"):
        return None
    shown = f"{local.hour % 12 or 12}:{local.minute:02d} {'PM' if local.hour >= 12 else 'AM'}"
    return reason("later_than_now", language, now=shown)
