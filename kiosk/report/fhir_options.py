"""How a visit's FHIR Bundle is shaped (``kiosk export --format fhir`` flags).

Kept apart from fhir_bundle so the command line can build it without importing
fhir.resources before it forks its export worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kiosk.report.fhir_patient import PatientIdentifier

BundleType = Literal["collection", "transaction"]


@dataclass(frozen=True)
class BundleOptions:
    """Bundle type, whether the cited Questionnaires go in, and the Patient's identifier."""

    bundle_type: BundleType = "collection"
    with_questionnaires: bool = True
    patient: PatientIdentifier | None = None
    """The clinic's MRN or the kiosk patient key; a transaction needs one."""
