"""Reading a foreign answer to one of our choice items, by every clue a sender may give.

In order: our code or the option's LOINC answer code (``kiosk.report.fhir_answers``); the
answer's ``ordinalValue``/``itemWeight`` (the option's score); the sender's Questionnaire
answerOption for its local code (its ordinalValue, or its display); and last the display
text against our option labels in English or Spanish or the LOINC answer name, case, spacing and punctuation ignored.
A clue that fits no option, or more than one, is not used.
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.forms.model import Answer, AnswerCode, FormDefinition, Item, ItemType, Option
from kiosk.report.fhir_answers import fhir_item_type, from_fhir_answers
from kiosk.report.fhir_common import EXT_ORDINAL_VALUE

EXT_ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
_WEIGHTS = (EXT_ORDINAL_VALUE, EXT_ITEM_WEIGHT)


def folded(text: object) -> str:
    """Text for comparison: case, spacing and punctuation dropped ("Not at all." == "not at all")."""
    return re.sub(r"[\W_]+", "", str(text).casefold())


def weight(element: Any) -> float | None:
    """The ordinalValue / itemWeight extension of an answer, Coding or answerOption, if any."""
    if not isinstance(element, dict):
        return None
    for extension in element.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") in _WEIGHTS:
            value = extension.get("valueDecimal", extension.get("valueInteger"))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
    return None


def _score_sent(answer: dict[str, Any]) -> float | None:
    """A choice answered with its score as a number (``valueInteger: 2``), as flowsheet-style
    senders do: matched to the one option with that score, never when two options share it."""
    value = answer.get("valueInteger", answer.get("valueDecimal"))
    if "valueCoding" in answer or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _only(options: list[Option]) -> AnswerCode | None:
    return options[0].code if len(options) == 1 else None


def by_weight(options: tuple[Option, ...], value: float | None) -> AnswerCode | None:
    """The one option whose score (or, unscored, whose numeric code) is ``value``."""
    if value is None:
        return None
    return _only([o for o in options if (o.score if o.score is not None else o.code) == value
                  and not isinstance(o.code, bool)])


def by_text(options: tuple[Option, ...], text: object) -> AnswerCode | None:
    """The one option whose English or Spanish label, or LOINC answer name, reads as ``text``."""
    wanted = folded(text)
    if not wanted:
        return None
    return _only([o for o in options
                  if wanted in {folded(name) for name in [*o.label.root.values(), o.loinc_display or ""]}])


def _sender_option(sender_item: dict[str, Any] | None, coding: dict[str, Any]) -> dict[str, Any] | None:
    """The sender's answerOption carrying the same code (and system, when both give one)."""
    for option in (sender_item or {}).get("answerOption") or []:
        theirs = option.get("valueCoding") if isinstance(option, dict) else None
        if not isinstance(theirs, dict) or theirs.get("code") != coding.get("code"):
            continue
        if theirs.get("system") and coding.get("system") and theirs["system"] != coding["system"]:
            continue
        result: dict[str, Any] = option
        return result
    return None


def _one_code(form: FormDefinition, item: Item, answer: dict[str, Any], sender_item: dict[str, Any] | None) -> AnswerCode:
    try:
        code = from_fhir_answers(form, item, [answer])
        return code[0] if isinstance(code, list) else code  # type: ignore[return-value]
    except ValueError as exc:
        refused = exc
    options = form.options_of(item)
    raw = answer.get("valueCoding")
    coding: dict[str, Any] = raw if isinstance(raw, dict) else {}
    option = (_sender_option(sender_item, coding) if coding else None) or {}
    own_weight = weight(answer)
    clues: list[AnswerCode | None] = [
        by_weight(options, own_weight if own_weight is not None else weight(coding)),
        by_weight(options, _score_sent(answer)),
        by_weight(options, weight(option)),
        by_text(options, (option.get("valueCoding") or {}).get("display") or ""),
        by_text(options, coding.get("display") or answer.get("valueString") or ""),
    ]
    found = next((clue for clue in clues if clue is not None), None)
    if found is None:
        raise refused
    return found


def read_answer(form: FormDefinition, item: Item, given: list[dict[str, Any]],
                sender_item: dict[str, Any] | None = None) -> Answer:
    """Our answer for ``item`` from its FHIR answers; ValueError says what is wrong (no answer text)."""
    if fhir_item_type(form, item) != "choice":
        return from_fhir_answers(form, item, given)
    if len(given) > 1 and item.type is not ItemType.multiple_choice:
        raise ValueError(f"takes one answer, got {len(given)}")
    codes = [_one_code(form, item, answer, sender_item) for answer in given]
    return codes if item.type is ItemType.multiple_choice else codes[0]
