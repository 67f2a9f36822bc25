"""FHIR Bundles from outside: the published PHQ-9 structure imports; malformed ones are refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.visit import VisitError, build_submission
from kiosk.report.fhir import FhirImportError, visit_bundle_json, visit_from_bundle
from tests.fhir.conftest import DATA, NOW, PNG_1X1, phq9_answers, visit_json

Bundle = dict[str, Any]


def outside_bundle() -> Bundle:
    """A PHQ-9 response as a LOINC-based system sends it: LOINC linkIds and answer codes."""
    data: Bundle = json.loads((DATA / "phq9-outside-bundle.json").read_text(encoding="utf-8"))
    return data


def _response(bundle: Bundle) -> dict[str, Any]:
    (resource,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    return resource


def _questions(bundle: Bundle) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = _response(bundle)["item"][0]["item"]
    return items


def test_published_phq9_structure_imports_and_scores(library: FormLibrary) -> None:
    visit = visit_from_bundle(outside_bundle(), library)
    assert visit["patient"] == {
        "legal_name": "José Luis Rivera",
        "date_of_birth": "1975-11-30",
        "phone": "555-201-3344",
    }
    assert visit["responses"] == {
        "phq9": {"q1": 2, "q2": 3, "q3": 2, "q4": 3, "q5": 1, "q6": 2, "q7": 1, "q8": 0, "q9": 1, "difficulty": 2}
    }
    submission = build_submission(library, visit, kiosk_id="desk", now=NOW)
    total = submission.responses["phq9"].scores["total"]
    assert (total.value, total.band) == (15, "moderately_severe")
    assert [f.id for f in submission.flags] == ["phq9_item9"]
    assert submission.severity == "critical"


def test_our_own_codes_without_system_and_flat_items_import(library: FormLibrary) -> None:
    bundle = outside_bundle()
    response = _response(bundle)
    response["questionnaire"] = "http://lobby-kiosk.example/fhir/Questionnaire/phq9"
    response["item"] = [
        {"linkId": f"q{n}", "answer": [{"valueCoding": {"code": str(code)}}]}
        for n, code in enumerate(phq9_answers().values(), start=1)
        if n <= 9
    ]
    visit = visit_from_bundle(bundle, library)
    expected = {k: v for k, v in phq9_answers().items() if k != "difficulty"}
    assert visit["responses"] == {"phq9": expected}


def test_missing_required_answer_gets_the_kiosks_own_error(library: FormLibrary) -> None:
    bundle = outside_bundle()
    del _response(bundle)["item"][0]["item"][1]  # 44255-8 = q2
    visit = visit_from_bundle(bundle, library)
    with pytest.raises(VisitError) as err:
        build_submission(library, visit, kiosk_id="desk", now=NOW)
    assert err.value.problems == ["responses.phq9.q2: required answer missing"]


def _set(path: Callable[[Bundle], dict[str, Any]], key: str, value: Any) -> Callable[[Bundle], Any]:
    def change(bundle: Bundle) -> None:
        path(bundle)[key] = value

    return change


def _drop_patient(bundle: Bundle) -> None:
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"]


def _patient(bundle: Bundle) -> dict[str, Any]:
    resource: dict[str, Any] = bundle["entry"][0]["resource"]
    return resource


def _drop_birth_date(bundle: Bundle) -> None:
    del _patient(bundle)["birthDate"]


def _second_answer(bundle: Bundle) -> None:
    _questions(bundle)[0]["answer"].append(copy.deepcopy(_questions(bundle)[1]["answer"][0]))


MALFORMED: list[tuple[str, Callable[[Bundle], Any], str]] = [
    ("wrong resourceType", _set(lambda b: b, "resourceType", "Patient"), "resourceType: expected 'Bundle', got Patient"),
    ("no entries", _set(lambda b: b, "entry", []), "Bundle.entry: empty"),
    ("bundle type", _set(lambda b: b, "type", "history"), "Bundle.type: history is not one of collection, transaction, batch"),
    ("bundle type code", _set(lambda b: b, "type", "pile"), "Bundle.type: 'pile' is not one of"),
    ("unknown resource", _set(lambda b: b["entry"][0]["resource"], "resourceType", "Customer"),
     "Bundle.entry[0].resource.resourceType: Customer is not a FHIR R4 resource type"),
    ("unknown questionnaire", _set(_response, "questionnaire", "http://example.org/Questionnaire/sleep"),
     "questionnaire: http://example.org/Questionnaire/sleep is not one of this kiosk's forms"),
    ("missing questionnaire", _set(_response, "questionnaire", None), "questionnaire: missing"),
    ("old form version", _set(_response, "questionnaire", "http://lobby-kiosk.example/fhir/Questionnaire/phq9|0.9"),
     "answers are for phq9 version 0.9, this kiosk has version 1.0.0"),
    ("unknown linkId", lambda b: _questions(b)[0].update(linkId="12345-6"),
     "linkId 12345-6 is not an item of form phq9"),
    ("wrong answer type", lambda b: _questions(b)[0].update(answer=[{"valueBoolean": True}]),
     "(q1): a choice question needs valueCoding, got valueBoolean"),
    ("unknown answer code", lambda b: _questions(b)[2]["answer"][0]["valueCoding"].update(code="LA0000-0"),
     "(q3): code http://loinc.org|LA0000-0 is not an answer of this question"),
    ("two answers to one question", _second_answer, "(q1): takes one answer, got 2"),
    ("bad status", _set(_response, "status", "in-progress"),
     "QuestionnaireResponse.status: in-progress (only completed or amended responses can be stored)"),
    ("status outside FHIR codes", _set(_response, "status", "done"),
     "QuestionnaireResponse.status: 'done' is not one of amended, completed"),
    ("answer value not FHIR", lambda b: _questions(b)[0].update(answer=[{"valueBoolean": "maybe"}]),
     "valueBoolean: Input should be a valid boolean"),
    ("missing Patient", _drop_patient, "no Patient entry"),
    ("missing birthDate", _drop_birth_date, "Patient.birthDate: missing"),
    ("subject is someone else", _set(_response, "subject", {"reference": "Patient/other"}),
     "subject: Patient/other is not the bundle's Patient"),
    ("no responses", lambda b: b.update(entry=b["entry"][:1]), "no QuestionnaireResponse entry"),
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _, c, m in MALFORMED], ids=[n for n, _, _ in MALFORMED])
def test_malformed_bundles_are_refused_with_a_clear_message(
    library: FormLibrary, change: Callable[[Bundle], Any], message: str
) -> None:
    bundle = outside_bundle()
    change(bundle)
    with pytest.raises(FhirImportError) as err:
        visit_from_bundle(bundle, library)
    assert any(message in problem for problem in err.value.problems), err.value.problems


@pytest.mark.parametrize("data", [[], "Bundle", 42, None])
def test_non_objects_are_refused(library: FormLibrary, data: Any) -> None:
    with pytest.raises(FhirImportError, match="must be a JSON object"):
        visit_from_bundle(data, library)


def test_a_second_response_to_the_same_form_is_refused(library: FormLibrary) -> None:
    bundle = outside_bundle()
    bundle["entry"].append(copy.deepcopy(bundle["entry"][1]))
    with pytest.raises(FhirImportError, match="a second response to form phq9"):
        visit_from_bundle(bundle, library)


def test_our_export_with_a_display_item_answered_is_refused(kinds_library: FormLibrary) -> None:
    answers = {"often1": 0, "often2": 0, "pregnant": False, "sure": "no", "last_meal": "2026-03-04",
               "last_meal_time": "07:00", "signature": PNG_1X1}
    submission = build_submission(kinds_library, visit_json({"kinds_test": answers}), kiosk_id="k", now=NOW)
    bundle = json.loads(visit_bundle_json(submission, kinds_library))
    response = bundle["entry"][1]["resource"]
    response["item"].insert(0, {"linkId": "intro", "answer": [{"valueString": "hello"}]})
    with pytest.raises(FhirImportError, match=r"\(intro\): is an information text and takes no answer"):
        visit_from_bundle(bundle, kinds_library)
