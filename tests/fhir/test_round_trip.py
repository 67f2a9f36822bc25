"""Visit -> FHIR Bundle -> visit: same answers, scores and flags; the Bundle's shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from kiosk.forms import FormDefinition, FormLibrary
from kiosk.forms.model import ItemType
from kiosk.forms.scoring import visible_answers
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report.fhir import FhirExportError, FhirImportError, visit_bundle, visit_bundle_json, visit_from_bundle
from kiosk.report.fhir_bindings import binding_problems
from tests.fhir.conftest import NOW, PNG_1X1, phq9_answers, visit_json

_SIMPLE = {
    ItemType.text: "Some words",
    ItemType.number: None,
    ItemType.date: "1980-01-01",
    ItemType.time: "08:00",
    ItemType.phone: "+1 555 010 2000",
    ItemType.signature: PNG_1X1,
}


def some_answers(form: FormDefinition) -> dict[str, Any] | None:
    """A valid answer set for any form: the highest-scoring option everywhere (shows most items)."""
    answers: dict[str, Any] = {}
    for item in form.items:
        if item.type is ItemType.info:
            continue
        options = form.options_of(item)
        if item.type in (ItemType.single_choice, ItemType.yes_no):
            answers[item.id] = max(options, key=lambda o: o.score or 0).code
        elif item.type is ItemType.multiple_choice:
            answers[item.id] = [max(options, key=lambda o: o.score or 0).code]
        elif item.type is ItemType.number:
            # as the kiosk's pad gives it: a whole number is an int
            answers[item.id] = (int(item.min) if float(item.min).is_integer() else item.min) if item.min is not None else 1
        else:
            answers[item.id] = _SIMPLE[item.type]
    shown = visible_answers(form, answers)
    return {k: v for k, v in answers.items() if k in shown} or None


def _same_visit(before: Submission, after: Submission) -> None:
    assert after.patient == before.patient
    assert after.language == before.language
    assert set(after.responses) == set(before.responses)
    for form_id, response in before.responses.items():
        again = after.responses[form_id]
        assert again.answers == response.answers
        assert {k: type(v) for k, v in again.answers.items()} == {k: type(v) for k, v in response.answers.items()}
        assert again.scores == response.scores
        assert again.flags == response.flags
        assert again.version == response.version


def test_round_trip_gives_the_same_answers_scores_and_flags(
    full_visit: Submission, kinds_library: FormLibrary
) -> None:
    text = visit_bundle_json(full_visit, kinds_library)
    visit = visit_from_bundle(json.loads(text), kinds_library)
    again = build_submission(kinds_library, visit, kiosk_id="desk", now=NOW)
    _same_visit(full_visit, again)
    assert again.responses["phq9"].scores["total"].value == 9
    assert [f.id for f in again.flags] == ["phq9_item9"]


def test_round_trip_of_every_bundled_form(library: FormLibrary) -> None:
    responses = {}
    for form in library.forms.values():
        answers = some_answers(form)
        assert answers, form.id
        responses[form.id] = answers
    submission = build_submission(library, visit_json(responses, "en"), kiosk_id="k", now=NOW)
    visit = visit_from_bundle(json.loads(visit_bundle_json(submission, library)), library)
    _same_visit(submission, build_submission(library, visit, kiosk_id="k", now=NOW))


def _by_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_and_has_patient_responses_and_observations(
    full_visit: Submission, kinds_library: FormLibrary
) -> None:
    model = visit_bundle(full_visit, kinds_library)
    assert isinstance(model, Bundle)
    bundle = json.loads(visit_bundle_json(full_visit, kinds_library))
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    assert bundle["identifier"]["value"] == str(full_visit.id)
    for entry in bundle["entry"]:
        assert binding_problems(entry["resource"]) == []
    (patient_entry,) = _by_type(bundle, "Patient")
    patient = patient_entry["resource"]
    assert patient["name"] == [
        {"use": "official", "text": "Ana María López García", "family": "García", "given": ["Ana", "María", "López"]},
        {"use": "usual", "text": "Ana", "given": ["Ana"]},
    ]
    assert patient["birthDate"] == "1980-05-06"
    assert patient["telecom"] == [{"system": "phone", "value": "+1 555 123 4567"}]
    responses = {e["resource"]["questionnaire"]: e for e in _by_type(bundle, "QuestionnaireResponse")}
    base = "http://lobby-kiosk.example/fhir/Questionnaire/"
    assert set(responses) == {f"{base}phq9|1.1.0", f"{base}kinds_test|2.1.0"}
    phq9 = responses[f"{base}phq9|1.1.0"]
    resource = phq9["resource"]
    assert resource["status"] == "completed"
    assert resource["language"] == "es"
    assert resource["authored"] == "2026-03-04T09:30:00Z"
    assert resource["subject"] == {"reference": patient_entry["fullUrl"]}
    items = {i["linkId"]: i for i in resource["item"]}
    assert items["q3"]["answer"][0]["valueCoding"]["code"] == "LA6571-9"  # LOINC "Nearly every day"
    assert items["q3"]["answer"][0]["valueCoding"]["display"] == "Nearly every day"
    assert items["44261-6"]["answer"] == [{"valueInteger": 9}]
    (observation,) = [
        e["resource"] for e in _by_type(bundle, "Observation")
        if e["resource"]["code"]["coding"][0]["code"] == "44261-6"
    ]
    assert observation["status"] == "final"
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
    assert observation["valueInteger"] == 9
    assert observation["derivedFrom"] == [{"reference": phq9["fullUrl"]}]
    assert observation["subject"] == {"reference": patient_entry["fullUrl"]}
    assert observation["interpretation"][0]["coding"][1]["code"] == "mild"
    # PHQ-9 total and the test form's total, and a panel for each form
    assert len(_by_type(bundle, "Observation")) == 4


def test_each_answer_kind_uses_its_value_type(full_visit: Submission, kinds_library: FormLibrary) -> None:
    bundle = json.loads(visit_bundle_json(full_visit, kinds_library))
    (response,) = [
        e["resource"] for e in _by_type(bundle, "QuestionnaireResponse")
        if "kinds_test" in e["resource"]["questionnaire"]
    ]
    answers = {i["linkId"]: i["answer"] for i in response["item"]}
    assert "intro" not in answers
    assert [a["valueCoding"]["code"] for a in answers["drugs"]] == ["alcohol", "cannabis"]
    assert answers["pregnant"] == [{"valueBoolean": True}]
    assert answers["weeks"] == [{"valueDecimal": 12.5}]
    assert answers["both_often"] == [{"valueString": "Work stress"}]
    assert answers["sure"][0]["valueCoding"]["code"] == "unsure"
    assert answers["last_meal"] == [{"valueDate": "2026-03-04"}]
    assert answers["last_meal_time"] == [{"valueTime": "07:15:00"}]
    assert answers["contact"] == [{"valueString": "+1 (555) 010-2000"}]
    attachment = answers["signature"][0]["valueAttachment"]
    assert attachment["contentType"] == "image/png"
    assert f"data:image/png;base64,{attachment['data']}" == PNG_1X1
    assert answers["score.total"] == [{"valueInteger": 5}]  # 2 + 1 + alcohol 1 + cannabis 1


def test_export_is_reproducible(full_visit: Submission, kinds_library: FormLibrary) -> None:
    assert visit_bundle_json(full_visit, kinds_library) == visit_bundle_json(full_visit, kinds_library)


def test_phq9_only_visit_round_trips(library: FormLibrary) -> None:
    submission = build_submission(library, visit_json({"phq9": phq9_answers()}), kiosk_id="k", now=NOW)
    visit = visit_from_bundle(json.loads(visit_bundle_json(submission, library)), library)
    assert visit["responses"] == {"phq9": phq9_answers()}
    assert visit["language"] == "es"


def test_visit_stored_under_an_older_form_version_exports_as_stored(library: FormLibrary) -> None:
    submission = build_submission(library, visit_json({"phq9": phq9_answers()}), kiosk_id="k", now=NOW)
    old = submission.responses["phq9"].model_copy(
        update={"version": "0.9.0", "answers": {**phq9_answers(), "q_retired": 2, "q1": 7}}
    )
    stored = submission.model_copy(update={"responses": {"phq9": old}})
    bundle = json.loads(visit_bundle_json(stored, library))
    (response,) = [e["resource"] for e in _by_type(bundle, "QuestionnaireResponse")]
    assert response["questionnaire"].endswith("/phq9|0.9.0")
    items = {i["linkId"]: i["answer"] for i in response["item"]}
    assert items["q_retired"] == [{"valueDecimal": 2}]
    assert items["q1"] == [{"valueDecimal": 7}]  # option 7 no longer exists: kept, untyped
    assert items["q2"][0]["valueCoding"]["code"] == "LA6570-1"
    # Today's file is version 1.1.0: it is not the Questionnaire this response cites, so none is sent.
    assert _by_type(bundle, "Questionnaire") == []
    with pytest.raises(FhirImportError, match="answers are for phq9 version 0.9.0, this kiosk has version 1.1.0"):
        visit_from_bundle(bundle, library)


def test_visit_whose_form_was_removed_is_a_clear_export_error(library: FormLibrary) -> None:
    submission = build_submission(library, visit_json({"phq9": phq9_answers()}), kiosk_id="k", now=NOW)
    renamed = submission.model_copy(update={"responses": {"phq8": submission.responses["phq9"]}})
    with pytest.raises(FhirExportError, match="form 'phq8' of this visit is no longer in the forms folder"):
        visit_bundle_json(renamed, library)


@pytest.mark.parametrize(("sex", "drinks"), [("male", 5), ("other", 4)])
def test_response_item_text_is_the_wording_the_patient_saw(library: FormLibrary, sex: str, drinks: int) -> None:
    """USAUDIT item 3 is worded by the check-in's sex at birth and age; the Bundle says which."""
    from tests.report.full_visit import VISIT_TIME, full_visit

    visit = build_submission(library, full_visit(checkin={"sex_at_birth": sex}), kiosk_id="k", now=VISIT_TIME)
    bundle = json.loads(visit_bundle_json(visit, library))
    [response] = [e["resource"] for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "QuestionnaireResponse" and "usaudit" in e["resource"]["questionnaire"]]
    [q3] = [i for i in response["item"] if i["linkId"] == "q3"]
    assert q3["text"] == f"How often do you have {drinks} or more drinks on one occasion?"
    back = visit_from_bundle(bundle, library)
    assert back["responses"]["usaudit"] == visit.responses["usaudit"].answers
