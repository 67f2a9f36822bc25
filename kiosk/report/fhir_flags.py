"""A visit's raised flags as FHIR R4 Flag resources, so a receiving EHR sees them by category.

Each Flag carries two category codings: the HL7 ``flag-category`` code a generic EHR knows
(crisis → behavioral, infusion → safety, clinical → clinical) and our own
``flag-category`` code, which keeps the kiosk's three categories exact. The severity goes in
the standard ``flag-priority`` extension (critical → PH high, warning → PM medium), and the
``flag-detail`` extension points at the QuestionnaireResponse that raised it. Import ignores
Flags: a visit read back is scored again, which raises the same flags.
"""

from __future__ import annotations

from typing import Any

from kiosk.forms.model import FlagCategory
from kiosk.forms.scoring import RaisedFlag
from kiosk.report.fhir_common import CANONICAL_BASE

FLAG_CATEGORY_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/flag-category"
HL7_FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
FLAG_PRIORITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/flag-priority"
FLAG_PRIORITY_SYSTEM = "http://hl7.org/fhir/flag-priority-code"
FLAG_DETAIL_EXTENSION = "http://hl7.org/fhir/StructureDefinition/flag-detail"

_CATEGORY: dict[FlagCategory, tuple[str, str, str]] = {
    # ours: display; HL7 code, HL7 display
    "crisis": ("Crisis: suicide risk", "behavioral", "Behavioral"),
    "infusion": ("Infusion hold: clear before dosing", "safety", "Safety"),
    "clinical": ("Clinical: for the clinician", "clinical", "Clinical"),
}
_PRIORITY = {"critical": ("PH", "High priority"), "warning": ("PM", "Medium priority")}


def flag_system(form_id: str) -> str:
    """The code system of one form's flag ids."""
    return f"{CANONICAL_BASE}/CodeSystem/{form_id}-flags"


def flag_resource(flag: RaisedFlag, subject: str, detail: str, start: str) -> dict[str, Any]:
    """One raised flag: active, on the patient, from ``start``, pointing at its response."""
    ours, hl7_code, hl7_display = _CATEGORY[flag.category]
    priority, priority_display = _PRIORITY.get(flag.severity, _PRIORITY["warning"])
    return {
        "resourceType": "Flag",
        "extension": [
            {"url": FLAG_PRIORITY_EXTENSION, "valueCodeableConcept": {"coding": [
                {"system": FLAG_PRIORITY_SYSTEM, "code": priority, "display": priority_display}],
                "text": flag.severity}},
            {"url": FLAG_DETAIL_EXTENSION, "valueReference": {"reference": detail}},
        ],
        "status": "active",
        "category": [{"coding": [
            {"system": FLAG_CATEGORY_SYSTEM, "code": flag.category, "display": ours},
            {"system": HL7_FLAG_CATEGORY, "code": hl7_code, "display": hl7_display},
        ], "text": ours}],
        "code": {"coding": [{"system": flag_system(flag.form), "code": flag.id, "display": flag.message}],
                 "text": flag.message},
        "subject": {"reference": subject},
        "period": {"start": start},
    }


def category_of(resource: dict[str, Any]) -> str | None:
    """Our category code of a Flag resource (None if it has none)."""
    for concept in resource.get("category", []):
        for coding in concept.get("coding", []):
            if coding.get("system") == FLAG_CATEGORY_SYSTEM:
                return str(coding.get("code"))
    return None
