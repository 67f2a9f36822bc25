"""One item's answer to and from FHIR: item type mapping and ``value[x]`` conversion.

Both directions live here so that export and import cannot drift apart.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from kiosk.forms.model import Answer, FormDefinition, Item, ItemType, Option
from kiosk.forms.scoring import same_code
from kiosk.forms.signature_mark import SIGNED_WITH_MARK, signed_with_mark
from kiosk.limits import shown_key
from kiosk.report.fhir_common import EXT_ANSWER_CODE, LOINC, code_text, option_system

# the type keeps its parameters: "image/png;mark=switch" (kiosk.forms.signature_mark) round-trips
_DATA_URL = re.compile(r"^data:(?P<type>[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*);base64,(?P<data>[A-Za-z0-9+/=\s]*)$")
_PLAIN_TEXT = "text/plain; charset=utf-8"
TEXT_AS_STRING_MAX = 255
"""Free-text items allowing at most this many characters become ``string``, longer ``text``."""

VALUE_KEY = {
    "choice": "valueCoding",
    "boolean": "valueBoolean",
    "string": "valueString",
    "text": "valueString",
    "decimal": "valueDecimal",
    "date": "valueDate",
    "time": "valueTime",
    "attachment": "valueAttachment",
}
"""The ``QuestionnaireResponse.item.answer.value[x]`` each Questionnaire item type takes."""

_SIMPLE_TYPES = {
    ItemType.single_choice: "choice",
    ItemType.multiple_choice: "choice",
    ItemType.number: "decimal",
    ItemType.date: "date",
    ItemType.time: "time",
    ItemType.phone: "string",
    ItemType.signature: "attachment",
    ItemType.info: "display",
}


def fhir_item_type(form: FormDefinition, item: Item) -> str:
    """The Questionnaire ``item.type`` for one of our items."""
    if item.type is ItemType.yes_no:
        # A yes/no item with custom options (e.g. "not sure") is a coded choice, not a boolean.
        boolean = all(isinstance(o.code, bool) for o in form.options_of(item))
        return "boolean" if boolean else "choice"
    if item.type is ItemType.text:
        short = item.max_length is not None and item.max_length <= TEXT_AS_STRING_MAX
        return "string" if short else "text"
    return _SIMPLE_TYPES[item.type]


def options_key(item: Item) -> str:
    """Which option list an item uses: its option-set name, else its own id."""
    return item.options if isinstance(item.options, str) else item.id


def own_coding(form: FormDefinition, item: Item, option: Option) -> dict[str, Any]:
    """Our Coding of one option: our code as a string, the English label as display."""
    return {
        "system": option_system(form, options_key(item)),
        "code": code_text(option.code),
        "display": option.label.en,
    }


def coding(form: FormDefinition, item: Item, option: Option) -> dict[str, Any]:
    """The Coding of one option in a Questionnaire and in its responses.

    Where the form records the option's LOINC answer code, the Coding is the LOINC one (what
    an EHR matches PHQ-9 answers on) and carries ours in the ``kiosk-answer-code`` extension:
    an R4 ``valueCoding`` holds a single Coding, so one of the two must ride along. Otherwise
    it is ours. Questionnaire and response use this same function, so they always agree.
    """
    ours = own_coding(form, item, option)
    if option.loinc is None:
        return ours
    return {
        "extension": [{"url": EXT_ANSWER_CODE, "valueCoding": ours}],
        "system": LOINC,
        "code": option.loinc,
        "display": option.label.en,
    }


def to_fhir_answers(form: FormDefinition, item: Item, answer: Answer) -> list[dict[str, Any]]:
    """``answer`` as a list of QuestionnaireResponse answers (several only for multiple choice)."""
    kind = fhir_item_type(form, item)
    if kind == "choice":
        chosen = answer if isinstance(answer, list) else [answer]
        options = form.options_of(item)
        return [
            {"valueCoding": coding(form, item, option)}
            for code in chosen
            for option in options
            if same_code(option.code, code)
        ]
    if kind == "boolean":
        return [{"valueBoolean": bool(answer)}]
    if kind == "decimal":
        return [{"valueDecimal": answer}]
    if kind == "time":
        return [{"valueTime": f"{answer}:00"}]
    if kind == "attachment":
        return [{"valueAttachment": _attachment(str(answer))}]
    return [{VALUE_KEY[kind]: answer}]


def _attachment(value: str) -> dict[str, Any]:
    match = _DATA_URL.match(value)
    if match:
        attachment = {"contentType": match["type"], "data": "".join(match["data"].split())}
        if signed_with_mark(value):  # where the signature goes, the words a reader of the EHR sees
            attachment["title"] = SIGNED_WITH_MARK["en"]
        return attachment
    # Not a data URL (e.g. typed at the desk): keep the text itself, losslessly.
    return {"contentType": _PLAIN_TEXT, "data": base64.b64encode(value.encode()).decode()}


def from_fhir_answers(form: FormDefinition, item: Item, answers: list[dict[str, Any]]) -> Answer:
    """Our answer for ``item`` from its FHIR answers; ValueError says what is wrong."""
    kind = fhir_item_type(form, item)
    if kind == "display":
        raise ValueError("is an information text and takes no answer")
    key = VALUE_KEY[kind]
    for answer in answers:
        given = sorted(k for k in answer if k.startswith("value"))
        if key not in answer and not (kind == "decimal" and "valueInteger" in answer):
            got = ", ".join(given) or "no value"
            raise ValueError(f"a {kind} question needs {key}, got {got}")
    if len(answers) > 1 and item.type is not ItemType.multiple_choice:
        raise ValueError(f"takes one answer, got {len(answers)}")
    values = [_typed(kind, answer) for answer in answers]
    if kind == "choice":
        codes = [_option_code(form, item, value) for value in values]
        return codes if item.type is ItemType.multiple_choice else codes[0]
    value = values[0]
    if kind == "time":
        return str(value)[:5]  # FHIR time is HH:MM:SS; the kiosk records minutes
    if kind == "attachment":
        return _from_attachment(value)
    answer_value: Answer = value
    return answer_value


_JSON_TYPE = {"boolean": (bool,), "decimal": (int, float), "string": (str,), "text": (str,), "date": (str,),
              "time": (str,)}
_JSON_TYPE_NAME = {"boolean": "true or false (a JSON boolean, not text)", "decimal": "a number (not text)"}


def _typed(kind: str, answer: dict[str, Any]) -> Any:
    """The answer's value as the form's type has it, or ValueError naming the slip.

    A number item is FHIR ``decimal``: ``valueDecimal: 5.0`` stays 5.0 (the sender said
    decimal, the form says decimal), and a whole ``valueInteger`` is taken as that number (an
    integer is a decimal; senders that count days send it). What JSON types wrongly is refused
    rather than guessed: ``"true"`` for a boolean (``"false"`` would read as yes), ``true``
    for a number (Python would count it as 1), ``"5"`` for a number.
    """
    key = VALUE_KEY[kind]
    value = answer[key] if key in answer else answer["valueInteger"]
    types = _JSON_TYPE.get(kind)
    wrong_bool = kind != "boolean" and isinstance(value, bool)
    if types is not None and (wrong_bool or not isinstance(value, types)):
        used = key if key in answer else "valueInteger"
        raise ValueError(f"{used} must be {_JSON_TYPE_NAME.get(kind, 'text')}")
    if key not in answer and not isinstance(value, int):
        raise ValueError("valueInteger must be a whole number")
    return value


def _option_code(form: FormDefinition, item: Item, value: Any) -> Any:
    if not isinstance(value, dict):
        raise ValueError("valueCoding must be a Coding object")
    system, code = value.get("system"), value.get("code")
    ours = option_system(form, options_key(item))
    options = form.options_of(item)
    if system in (None, ours):
        for option in options:
            if code_text(option.code) == code:
                return option.code
    if system in (None, LOINC):
        for option in options:
            if option.loinc is not None and option.loinc == code:
                return option.code
    known = ", ".join(code_text(o.code) for o in options)
    named = shown_key(f"{system}|{code}" if system else code)
    hint = f"{ours} codes {known}" + (
        " or their LOINC answer codes" if any(o.loinc for o in options) else ""
    )
    raise ValueError(f"code {named} is not an answer of this question (expected {hint})")


def _from_attachment(value: Any) -> str:
    if not isinstance(value, dict) or not value.get("data") or not value.get("contentType"):
        raise ValueError("valueAttachment needs contentType and inline base64 data")
    content_type, data = str(value["contentType"]), str(value["data"])
    if content_type == _PLAIN_TEXT:
        try:
            return base64.b64decode(data, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise ValueError("valueAttachment data is not base64-encoded UTF-8 text") from None
    return f"data:{content_type};base64,{data}"
