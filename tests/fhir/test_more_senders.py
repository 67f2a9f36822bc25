"""Two more shapes real senders use, written for these tests (not copied from any example):
a FHIR document (Composition first) carrying a PHQ-9, and a message Bundle whose GAD-7 items
carry their scores as ``valueInteger`` (flowsheet-style)."""

from __future__ import annotations

from typing import Any

from kiosk.fhir import import_visit
from kiosk.forms import FormLibrary
from kiosk.intake.visit import build_submission
from tests.fhir import foreign
from tests.fhir.conftest import NOW

EHR = "https://ehr.example.org/fhir"


def phq9_document() -> dict[str, Any]:
    """A document Bundle: Composition (the screening note), Patient by absolute URL, the response."""
    response = foreign.phq9_ordinal_only()
    response["subject"] = {"reference": f"{EHR}/Patient/55"}
    composition = {
        "resourceType": "Composition", "status": "final", "date": "2026-01-15T10:30:00-05:00",
        "type": {"coding": [{"system": foreign.LOINC, "code": "11506-3", "display": "Progress note"}]},
        "subject": {"reference": f"{EHR}/Patient/55"}, "author": [{"display": "Intake nurse"}],
        "title": "Depression screening",
        "section": [{"title": "PHQ-9", "entry": [{"reference": f"{EHR}/QuestionnaireResponse/9"}]}],
    }
    return {"resourceType": "Bundle", "type": "document", "timestamp": "2026-01-15T10:30:00-05:00",
            "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:7d0a6c3e-5b1f-4a0e-9a53-3f5c2b8e1d44"},
            "entry": [{"fullUrl": f"{EHR}/Composition/1", "resource": composition},
                      {"fullUrl": f"{EHR}/Patient/55", "resource": foreign.patient("55")},
                      {"fullUrl": f"{EHR}/QuestionnaireResponse/9", "resource": response}]}


def gad7_flowsheet_message() -> dict[str, Any]:
    """A message Bundle: MessageHeader, Patient, and a GAD-7 whose answers are the item scores."""
    items = [{"linkId": code, "answer": [{"valueInteger": s}]}
             for code, s in zip(foreign.GAD7_ITEMS, foreign.GAD7_SCORES)]
    response = {"resourceType": "QuestionnaireResponse", "questionnaire": "http://loinc.org/q/69737-5",
                "status": "completed", "subject": {"reference": "Patient/pt-7"}, "authored": foreign.PAST,
                "item": items}
    header = {"resourceType": "MessageHeader", "eventCoding": {"system": "urn:example:events", "code": "screening"},
              "source": {"endpoint": "https://ehr.example.org/fhir/$process-message"},
              "focus": [{"reference": "QuestionnaireResponse/r1"}]}
    response["id"] = "r1"
    return foreign.in_bundle(header, foreign.patient(), response, kind="message")


def test_a_fhir_document_with_a_composition_imports_its_phq9(library: FormLibrary) -> None:
    imported = import_visit(phq9_document(), library, now=NOW)
    assert imported.visit["patient"]["legal_name"] == "Marisol Quintero"
    visit = build_submission(library, imported.visit, kiosk_id="desk", now=NOW)
    assert visit.responses["phq9"].answers == {f"q{n + 1}": s for n, s in enumerate(foreign.PHQ9_SCORES)}
    assert visit.responses["phq9"].scores["total"].value == 10


def test_a_message_with_scores_as_integers_imports_its_gad7(library: FormLibrary) -> None:
    imported = import_visit(gad7_flowsheet_message(), library, now=NOW)
    gad7 = build_submission(library, imported.visit, kiosk_id="desk", now=NOW).responses["gad7"]
    assert gad7.answers == {f"q{n + 1}": s for n, s in enumerate(foreign.GAD7_SCORES)}
    assert gad7.scores["total"].value == 9
    assert imported.by_position == set()  # by the items' LOINC codes, scores to options
