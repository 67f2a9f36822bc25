"""What every FHIR module shares: canonical URLs, code systems, errors, model validation.

Canonical choice: ``http://lobby-kiosk.example/fhir/Questionnaire/<form id>`` with the form
version in ``Questionnaire.version`` (responses cite ``<url>|<version>``). The ``.example``
domain (RFC 2606) can never collide with a real server, and being the same on every kiosk
it names the *definition* of a form, not a copy stored somewhere, which is what a FHIR
canonical is for. A ``urn:`` would need a registered namespace.
"""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from kiosk.forms.model import AnswerCode, FormDefinition

CANONICAL_BASE = "http://lobby-kiosk.example/fhir"
LOINC = "http://loinc.org"
LOINC_QUESTIONNAIRE_BASE = "http://loinc.org/q/"
"""LOINC's own canonical for the Questionnaire of a panel, e.g. ``http://loinc.org/q/44249-1``."""

EXT_ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
EXT_TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
EXT_ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
EXT_ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
EXT_OPTION_EXCLUSIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-optionExclusive"
EXT_CALCULATED_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
)
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
VISIT_IDENTIFIER_SYSTEM = f"{CANONICAL_BASE}/visit-id"
PATIENT_KEY_SYSTEM = f"{CANONICAL_BASE}/patient-key"
"""Identifier system of the kiosk's patient key (KeyStore.patient_key), used when no MRN is known."""
MRN_SYSTEM_FALLBACK = f"{CANONICAL_BASE}/mrn"
"""Identifier system of an MRN when the clinic configured no ``mrn_system`` (set it to the EHR's)."""
IDENTIFIER_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203"
"""HL7 v2 table 0203 (identifier type): ``MR`` marks a medical record number."""
EXT_ANSWER_CODE = f"{CANONICAL_BASE}/StructureDefinition/kiosk-answer-code"
"""On a LOINC-coded answer Coding: our own Coding of the same option (a Coding holds one code)."""
EXT_TEXT_VARIANT = f"{CANONICAL_BASE}/StructureDefinition/text-variant"
"""On a Questionnaire item: another published wording and the conditions that select it."""
SDC_QUESTIONNAIRE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"
SDC_RESPONSE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse"
US_CORE_RESPONSE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-questionnaireresponse"
US_CORE_SCREENING = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment"
SCORE_LINK_PREFIX = "score."
"""Score items use ``score.<rule id>`` (a dot never occurs in our item ids) unless LOINC-coded."""


class FhirExportError(RuntimeError):
    """A resource we built does not validate: a bug in the exporter, never the patient's fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("FHIR export failed validation: " + "; ".join(problems))
        self.problems = problems


class FhirImportError(ValueError):
    """A FHIR bundle we refuse; ``problems`` names each bad element and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def questionnaire_url(form_id: str) -> str:
    """The canonical URL of one of our forms (without version)."""
    return f"{CANONICAL_BASE}/Questionnaire/{form_id}"


def option_system(form: FormDefinition, set_or_item: str) -> str:
    """The code system of one option list: codes 0-3 of two lists mean different things."""
    return f"{CANONICAL_BASE}/CodeSystem/{form.id}-{set_or_item}"


def score_system(form: FormDefinition) -> str:
    """Code system for scores without a LOINC code, and for the band ids of each score."""
    return f"{CANONICAL_BASE}/CodeSystem/{form.id}-scores"


def code_text(code: AnswerCode) -> str:
    """Our option code as a FHIR code string (``true``/``false`` for booleans)."""
    if isinstance(code, bool):
        return "true" if code else "false"
    return str(code)


def translation(text: str, language: str = "es") -> dict[str, Any]:
    """The ``_element`` of a string carrying its translation (core translation extension)."""
    return {
        "extension": [
            {
                "url": EXT_TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": language},
                    {"url": "content", "valueString": text},
                ],
            }
        ]
    }


def readable_errors(exc: ValidationError, prefix: str = "") -> list[str]:
    """Pydantic errors as ``path: message`` using FHIR's ``a[0].b`` notation."""
    problems = []
    for err in exc.errors(include_url=False):
        path = prefix
        for part in err["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        problems.append(f"{path or '(resource)'}: {err['msg'].removeprefix('Value error, ')}")
    return problems


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """``resource`` once the fhir.resources R4 model accepts it, or FhirExportError.

    The checked dict is returned as built (a JSON round trip makes it a copy we own), not
    re-serialised through the model: our dicts hold only JSON values already, and the
    model's serialiser took half of a Bundle export's time.
    """
    kind = resource.get("resourceType", "")
    if not resource_class_exists(kind):
        raise FhirExportError([f"unknown resourceType {kind!r}"])
    model_class = get_fhir_model_class(str(kind))
    try:
        model_class.model_validate(resource)
    except ValidationError as exc:
        raise FhirExportError(readable_errors(exc, str(kind))) from None
    result: dict[str, Any] = json.loads(json.dumps(resource))
    return result


def resource_class_exists(kind: object) -> bool:
    """Whether ``kind`` names an R4 resource type fhir.resources knows."""
    if not isinstance(kind, str) or not kind:
        return False
    try:
        model_class = get_fhir_model_class(kind)
    except (KeyError, ValueError):
        return False
    return issubclass(model_class, Resource)
