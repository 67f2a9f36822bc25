"""Every visit of one patient as one FHIR R4 file: a ``collection`` Bundle of visit Bundles.

Each entry is exactly the per-visit Bundle ``kiosk export --format fhir`` writes (made by
``kiosk.report.fhir.visit_bundle_resource``, with the forms each visit was answered with), so
a receiver that reads one visit reads the history the same way, oldest visit first. Entry
URLs derive from the visit ids: exporting the same history twice gives the same entries.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.report.fhir import CANONICAL_BASE, visit_bundle_resource
from kiosk.report.fhir_common import validated
from kiosk.report.fhir_options import BundleOptions
from kiosk.report.fhir_patient import PatientIdentifier

HISTORY_IDENTIFIER_SYSTEM = f"{CANONICAL_BASE}/patient-history"


Identify = Callable[[Submission], PatientIdentifier]
"""The Patient.identifier of a visit: its MRN, else the kiosk patient key (as a single-visit export)."""


def history_bundle_resource(visits: Sequence[tuple[Submission, FormLibrary]],
                            now: dt.datetime | None = None, identify: Identify | None = None) -> dict[str, Any]:
    """The history Bundle of ``visits`` (each with the library it was answered with), oldest first.

    Identified by the first visit's id, which stays the same as visits are added. Each visit's
    Patient carries ``identify(visit)``, so a receiver files every visit under the same person.
    """
    ordered = sorted(visits, key=lambda pair: (pair[0].created_at, str(pair[0].id)))
    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": HISTORY_IDENTIFIER_SYSTEM, "value": str(ordered[0][0].id)},
        "type": "collection",
        "timestamp": (now or dt.datetime.now(dt.timezone.utc)).isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid5(visit.id, 'Bundle')}",
                   "resource": visit_bundle_resource(visit, library, BundleOptions(
                       patient=identify(visit) if identify else None))} for visit, library in ordered],
    }
    return validated(bundle)


def history_bundle_json(visits: Sequence[tuple[Submission, FormLibrary]], now: dt.datetime | None = None,
                        identify: Identify | None = None) -> str:
    """The history Bundle as FHIR JSON text, ready to write to an export file."""
    return json.dumps(history_bundle_resource(visits, now, identify), ensure_ascii=False, indent=2) + "\n"
