"""The clinic's MRN in a sender's Patient: which ``Patient.identifier`` is the medical record number.

An EHR marks its MRN with the HL7 v2-0203 identifier type ``MR``; many also (or only) use
their own system URI, which the clinic names in the ``mrn_system`` setting. An identifier of
that system is the MRN whatever its type; without it, the one typed ``MR`` is. Other
identifiers (insurance numbers, national ids, our own kiosk key) are never taken for the MRN.
Two different MRNs for one patient are refused rather than one picked.
"""

from __future__ import annotations

from typing import Any

from kiosk.report.fhir_common import IDENTIFIER_TYPE_SYSTEM


def _typed_mr(identifier: dict[str, Any]) -> bool:
    codings = (identifier.get("type") or {}).get("coding") or []
    return any(isinstance(c, dict) and c.get("system") == IDENTIFIER_TYPE_SYSTEM and c.get("code") == "MR"
               for c in codings)


def patient_mrn(resource: dict[str, Any], where: str, mrn_system: str | None, problems: list[str]) -> Any:
    """The MRN value of a Patient resource (None when it has none); the visit checks the value."""
    identifiers = [i for i in resource.get("identifier") or [] if isinstance(i, dict) and "value" in i]
    by_system = [i for i in identifiers if mrn_system and i.get("system") == mrn_system]
    chosen = by_system or [i for i in identifiers if _typed_mr(i)]
    values = {str(i["value"]) for i in chosen}
    if len(values) > 1:
        problems.append(f"{where}.identifier: {len(values)} different MRNs (one visit is for one patient record)")
        return None
    return chosen[0]["value"] if chosen else None
