"""FHIR import from other systems (no Qt): Bundles, bare QuestionnaireResponses and panel
Observations mapped onto our forms by canonical, alias, LOINC or the sender's Questionnaire.

The export side, and the strict reader our own bundles must pass, stay in ``kiosk.report.fhir``.
"""

from kiosk.fhir.aliases import ALIASES_FILE, AliasFileError, FhirAliases, load_aliases
from kiosk.fhir.importer import ImportedVisit, import_visit, with_import_flags

__all__ = [
    "ALIASES_FILE",
    "AliasFileError",
    "FhirAliases",
    "ImportedVisit",
    "import_visit",
    "load_aliases",
    "with_import_flags",
]
