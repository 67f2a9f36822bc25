"""What a FHIR input holds: a Bundle (collection, transaction, batch, searchset) or one bare
QuestionnaireResponse or Observation, checked by the R4 models, split by resource type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from kiosk.limits import shown_key
from kiosk.report.fhir_bindings import binding_problems
from kiosk.report.fhir_common import FhirImportError, readable_errors
from kiosk.report.fhir_import import bundle_entries

BARE_TYPES = ("QuestionnaireResponse", "Observation")


@dataclass(frozen=True)
class Located:
    """A resource and where it was found, as refusals name it (``Bundle.entry[2] Patient``)."""

    where: str
    resource: dict[str, Any]


@dataclass
class Parts:
    """The input's resources by kind, and every reference that resolves inside it."""

    responses: list[Located] = field(default_factory=list)
    patients: list[Located] = field(default_factory=list)
    questionnaires: list[dict[str, Any]] = field(default_factory=list)
    observations: list[Located] = field(default_factory=list)
    references: dict[str, dict[str, Any]] = field(default_factory=dict)
    patient_refs: set[str] = field(default_factory=set)


def _bare(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    kind = str(data.get("resourceType"))
    try:
        get_fhir_model_class(kind).model_validate(data)
    except ValidationError as exc:
        raise FhirImportError(readable_errors(exc, kind)) from None
    problems = binding_problems(data)
    if problems:
        raise FhirImportError(problems)
    return [(kind, data, "")]


def split_input(data: Any) -> Parts:
    """The resources of ``data``; FhirImportError naming each structural problem."""
    if not isinstance(data, dict):
        raise FhirImportError([f"input: must be a JSON object (a FHIR Bundle or QuestionnaireResponse), "
                               f"got {type(data).__name__}"])
    kind = data.get("resourceType")
    if kind in BARE_TYPES:
        found = _bare(data)
    elif kind == "Bundle":
        found = [(f"Bundle.entry[{n}] {e['resource']['resourceType']}", e["resource"], str(e.get("fullUrl") or ""))
                 for n, e in enumerate(bundle_entries(data))]
    else:
        raise FhirImportError([f"resourceType: expected Bundle, QuestionnaireResponse or Observation, "
                               f"got {shown_key(kind)}"])
    parts = Parts()
    for where, resource, full_url in found:
        refs = {full_url} | ({f"{resource['resourceType']}/{resource['id']}"} if resource.get("id") else set())
        refs.discard("")
        parts.references.update(dict.fromkeys(refs, resource))
        kind = resource["resourceType"]
        if kind == "QuestionnaireResponse":
            parts.responses.append(Located(where, resource))
        elif kind == "Patient":
            parts.patients.append(Located(where, resource))
            parts.patient_refs |= refs
        elif kind == "Questionnaire":
            parts.questionnaires.append(resource)
        elif kind == "Observation":
            parts.observations.append(Located(where, resource))
    return parts
