"""A FHIR R4 Questionnaire for each of our forms, so an EHR knows what a response means.

linkIds are our item ids; option codes are ours (as strings) with the English label as
display and the Spanish one as a translation extension; option scores travel as the core
``ordinalValue`` extension (R4's name for what R5 calls ``itemWeight``). Score rules
become read-only integer items, linkId = their LOINC code (else ``score.<rule id>``).

Text variants (an item worded differently by sex and age, e.g. USAUDIT item 3): the item's
``text`` is the default wording and each variant rides in a ``text-variant`` extension with
its wording (both languages) and its conditions as our JSON. What a receiving system needs
to show the exact words a patient answered is in the response itself: its ``item.text`` is
the wording shown. The extension lets it also show every wording the form can ask. Band
variants need no Questionnaire element: the band label a visit used is the score
Observation's interpretation text.
"""

from __future__ import annotations

import json

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire

from kiosk.forms.model import LANGUAGES, FormDefinition, Item, ItemType, LocalizedText, ScoreRule, TextVariant
from kiosk.report.fhir_answers import coding, fhir_item_type
from kiosk.report.fhir_bindings import binding_problems
from kiosk.forms.variants import item_text
from kiosk.report.fhir_common import (
    EXT_CALCULATED_EXPRESSION,
    EXT_ITEM_CONTROL,
    EXT_OPTION_EXCLUSIVE,
    EXT_ORDINAL_VALUE,
    EXT_TEXT_VARIANT,
    ITEM_CONTROL_SYSTEM,
    LOINC,
    SCORE_LINK_PREFIX,
    SDC_QUESTIONNAIRE,
    FhirExportError,
    questionnaire_url,
    translation,
    validated,
)
from kiosk.report.fhir_enable_when import enable_when_elements, score_expression

_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"


def resource_id(form_id: str) -> str:
    """A FHIR id for a form (ids allow ``-`` but not ``_``)."""
    return form_id.replace("_", "-")


def score_link_id(rule: ScoreRule) -> str:
    """The linkId of a score item: its LOINC code when it has one, so others recognise it."""
    return rule.loinc or f"{SCORE_LINK_PREFIX}{rule.id}"


def _text(element: str, text: LocalizedText) -> dict[str, Any]:
    """``element`` in English plus ``_element`` carrying the Spanish translation."""
    return {element: text.en, f"_{element}": translation(text.get("es"))}


def _loinc(code: str | None) -> dict[str, Any]:
    return {"code": [{"system": LOINC, "code": code}]} if code else {}


def _answer_options(form: FormDefinition, item: Item) -> list[dict[str, Any]]:
    options = []
    for option in form.options_of(item):
        value = coding(form, item, option)
        value["_display"] = translation(option.label.get("es"))
        extensions: list[dict[str, Any]] = []
        if option.score is not None:
            extensions.append({"url": EXT_ORDINAL_VALUE, "valueDecimal": option.score})
        if option.exclusive:  # e.g. "None of these": SDC's way to say it stands alone
            extensions.append({"url": EXT_OPTION_EXCLUSIVE, "valueBoolean": True})
        entry: dict[str, Any] = {"valueCoding": value}
        if extensions:
            entry["extension"] = extensions
        options.append(entry)
    return options


def _help(item: Item) -> list[dict[str, Any]]:
    if item.help is None:
        return []
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}
    return [
        {
            "linkId": f"{item.id}-help",  # our ids never hold "-", so this cannot clash
            "type": "display",
            **_text("text", item.help),
            "extension": [{"url": EXT_ITEM_CONTROL, "valueCodeableConcept": control}],
        }
    ]


def _limits(item: Item) -> list[dict[str, Any]]:
    limits = [(_MIN_VALUE, item.min), (_MAX_VALUE, item.max)]
    return [{"url": url, "valueDecimal": value} for url, value in limits if value is not None]


def _variant(variant: TextVariant) -> dict[str, Any]:
    """One text variant: wording in each language (``text-en``, ``text-es``), the conditions (our JSON), how they combine."""
    conditions = [json.dumps(c.model_dump(mode="json", exclude_defaults=True), sort_keys=True)
                  for c in variant.conditions]
    return {"url": EXT_TEXT_VARIANT, "extension": [
        *({"url": f"text-{language}", "valueString": variant.text.get(language)} for language in LANGUAGES),
        *({"url": "condition", "valueString": c} for c in conditions),
        {"url": "behavior", "valueCode": variant.behavior},
    ]}


def _item(form: FormDefinition, item: Item) -> dict[str, Any]:
    kind = fhir_item_type(form, item)
    # the default wording: "{days}" as the form's own window (a visit's window is in its answers)
    entry: dict[str, Any] = {"linkId": item.id, **_loinc(item.loinc), **_text("text", item_text(form, item, {}))}
    entry["type"] = kind
    skip = enable_when_elements(form, item)
    extensions = skip.pop("extension", []) + (_limits(item) if item.type is ItemType.number else [])
    extensions += [_variant(v) for v in item.text_variants]
    entry.update(skip)
    if kind != "display":
        entry["required"] = item.required
    if item.type is ItemType.multiple_choice:
        entry["repeats"] = True
    if kind in ("string", "text") and item.max_length is not None:
        entry["maxLength"] = item.max_length
    if kind == "choice":
        entry["answerOption"] = _answer_options(form, item)
    if extensions:
        entry["extension"] = extensions
    if item.help is not None:
        entry["item"] = _help(item)
    return entry


def _score_item(form: FormDefinition, rule: ScoreRule) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "linkId": score_link_id(rule),
        **_loinc(rule.loinc),
        **_text("text", rule.title),
        "type": "integer",
        "required": False,
        "readOnly": True,
    }
    if rule.method == "sum":  # "max" has no portable FHIRPath form; the value is still sent
        expression = {"language": "text/fhirpath", "expression": score_expression(form, rule.items)}
        entry["extension"] = [{"url": EXT_CALCULATED_EXPRESSION, "valueExpression": expression}]
    return entry


def _name(form_id: str) -> str:
    """A computer-friendly name (``[A-Z][A-Za-z0-9_]*``), e.g. ``Phq9``."""
    return "".join(part[:1].upper() + part[1:] for part in form_id.split("_"))


def questionnaire_resource(form: FormDefinition) -> dict[str, Any]:
    """The Questionnaire of ``form`` as FHIR JSON, validated (FhirExportError if not)."""
    return validated(questionnaire_json(form))


def questionnaire_json(form: FormDefinition) -> dict[str, Any]:
    """The Questionnaire of ``form`` with our own checks, not yet through the R4 model (the
    Bundle that holds it is validated whole: doing it twice doubles an export's time)."""
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": resource_id(form.id),
        "meta": {"profile": [SDC_QUESTIONNAIRE]},
        "language": "en",
        "url": questionnaire_url(form.id),
        "version": form.version,
        "name": _name(form.id),
        **_text("title", form.title),
        "status": "active",
        "subjectType": ["Patient"],
        **_text("description", form.instructions),
        "copyright": f"{form.source} Licence: {form.licence}",
        **_loinc(form.loinc),
        "item": [_item(form, item) for item in form.items]
        + [_score_item(form, rule) for rule in form.scores],
    }
    problems = binding_problems(resource) + _reference_problems(resource)
    if problems:
        raise FhirExportError(problems)
    return resource


def _reference_problems(resource: dict[str, Any]) -> list[str]:
    """enableWhen may only name an earlier item; linkIds must be unique."""
    problems: list[str] = []
    seen: set[str] = set()
    for item in resource["item"]:
        for when in item.get("enableWhen", []):
            if when["question"] not in seen:
                problems.append(f"item {item['linkId']}: enableWhen names {when['question']!r}, not an earlier item")
        for link_id in [item["linkId"]] + [child["linkId"] for child in item.get("item", [])]:
            if link_id in seen:
                problems.append(f"duplicate linkId {link_id!r}")
            seen.add(link_id)
    return problems


def questionnaire_for(form: FormDefinition) -> Questionnaire:
    """The Questionnaire of ``form`` as a fhir.resources (R4) model."""
    return Questionnaire.model_validate(questionnaire_resource(form))
