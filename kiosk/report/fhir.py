"""FHIR R4 interoperability: the public face of the ``fhir_*`` modules (no Qt).

Questionnaires for our forms, a Bundle per visit, and the reverse import of a Bundle
into the visit JSON that ``kiosk.intake.visit.build_submission`` validates.
"""

from kiosk.report.fhir_bundle import visit_bundle, visit_bundle_json, visit_bundle_resource
from kiosk.report.fhir_common import CANONICAL_BASE, FhirExportError, FhirImportError, questionnaire_url
from kiosk.report.fhir_import import visit_from_bundle
from kiosk.report.fhir_options import BundleOptions
from kiosk.report.fhir_questionnaire import questionnaire_for, questionnaire_resource

__all__ = [
    "BundleOptions",
    "CANONICAL_BASE",
    "FhirExportError",
    "FhirImportError",
    "questionnaire_for",
    "questionnaire_resource",
    "questionnaire_url",
    "visit_bundle",
    "visit_bundle_json",
    "visit_bundle_resource",
    "visit_from_bundle",
]
