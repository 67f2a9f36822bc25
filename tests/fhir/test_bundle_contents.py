"""What an EHR expects in our FHIR export (issue #17): LOINC codings, item codes, the cited
Questionnaire version, profiles, Patient fields, ids, conditional creates, interpretation
codes and panels."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.forms import FormLibrary, load_library
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.report.fhir import BundleOptions, FhirExportError, questionnaire_resource, visit_bundle_resource
from kiosk.report.fhir_common import EXT_ANSWER_CODE, EXT_TEXT_VARIANT, LOINC, PATIENT_KEY_SYSTEM
from kiosk.report.fhir_patient import PatientIdentifier
from kiosk.settings import Settings
from kiosk.store.keys import KeyStore
from tests.fhir.conftest import NOW, phq9_answers, visit_json
from tests.store.test_form_versions import NEW_QUESTION, Clinic, kiosk, reword

V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CHECKIN = {"legal_name": "Ana María López García", "date_of_birth": "1980-05-06", "sex_at_birth": "female",
           "phone": "+1 555 123 4567", "appointment_type": "infusion", "emergency_contact_name": "Eva",
           "emergency_contact_phone": "+1 555 123 0000"}


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return load_library(BUNDLED_FORMS)


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    return KeyStore.load(Settings(data_dir=tmp_path / "data"), create_key=True, create_pepper=True)


def _visit(library: FormLibrary, responses: dict[str, Any], name: str = "Ana María López García") -> Submission:
    visit = visit_json(responses)
    visit["patient"]["legal_name"] = name
    return build_submission(library, visit, kiosk_id="lobby-1", now=NOW)


def _key(keys: KeyStore, visit: Submission) -> PatientIdentifier:
    return PatientIdentifier.kiosk_key(keys.patient_key(visit.patient.legal_name, visit.patient.date_of_birth))


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _items(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in resource["item"]}


def test_answers_carry_the_loinc_answer_coding_and_ours(library: FormLibrary) -> None:
    visit = _visit(library, {"phq9": phq9_answers(), "checkin": CHECKIN})
    bundle = visit_bundle_resource(visit, library)
    responses = {r["questionnaire"].split("/")[-1].split("|")[0]: r for r in _resources(bundle, "QuestionnaireResponse")}
    q3 = _items(responses["phq9"])["q3"]["answer"][0]["valueCoding"]
    assert (q3["system"], q3["code"], q3["display"]) == (LOINC, "LA6571-9", "Nearly every day")
    (ours,) = q3["extension"]
    assert ours["url"] == EXT_ANSWER_CODE
    assert ours["valueCoding"]["code"] == "3" and ours["valueCoding"]["system"].endswith("/phq9-frequency")
    # The clinic's own appointment types have no LOINC answer codes: our coding alone.
    kind = _items(responses["checkin"])["appointment_type"]["answer"][0]["valueCoding"]
    assert kind["system"].endswith("/checkin-appointment_types") and kind["code"] == "infusion"
    assert "extension" not in kind


def test_every_item_with_a_loinc_code_carries_it_as_item_code(library: FormLibrary) -> None:
    checked = 0
    for form in library.forms.values():
        items = _items(questionnaire_resource(form))
        for item in form.items:
            expected = [{"system": LOINC, "code": item.loinc}] if item.loinc else None
            assert items[item.id].get("code") == expected, (form.id, item.id)
            checked += bool(item.loinc)
    assert checked >= 10  # PHQ-9's ten questions at least


def test_profiles_are_claimed_where_the_resources_meet_them(library: FormLibrary, keys: KeyStore) -> None:
    visit = _visit(library, {"phq9": phq9_answers()})
    bundle = visit_bundle_resource(visit, library, BundleOptions(patient=_key(keys, visit)))
    profiles = {e["resource"]["resourceType"]: e["resource"].get("meta", {}).get("profile") for e in bundle["entry"]}
    assert profiles["Questionnaire"] == ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"]
    assert profiles["QuestionnaireResponse"] == [
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse",
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-questionnaireresponse"]
    assert profiles["Observation"] == [
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-screening-assessment"]
    assert profiles["Patient"] is None  # no gender is asked: US Core Patient requires it
    for observation in _resources(bundle, "Observation"):  # what that profile requires
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        assert observation["subject"]["reference"] and observation["code"]["coding"]
        assert "valueInteger" in observation or observation["hasMember"]
    (response,) = _resources(bundle, "QuestionnaireResponse")
    assert response["subject"] and response["authored"] and response["questionnaire"]


def test_patient_name_parts_birth_date_birth_sex_and_a_key_that_is_not_the_blind_index(
    library: FormLibrary, keys: KeyStore
) -> None:
    visit = _visit(library, {"checkin": CHECKIN, "phq9": phq9_answers()})
    bundle = visit_bundle_resource(visit, library, BundleOptions(patient=_key(keys, visit)))
    (patient,) = _resources(bundle, "Patient")
    assert patient["name"][0] == {"use": "official", "text": "Ana María López García", "family": "García",
                                  "given": ["Ana", "María", "López"]}
    assert patient["birthDate"] == "1980-05-06"
    assert patient["extension"] == [
        {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex", "valueCode": "F"}]
    assert "gender" not in patient  # sex assigned at birth is not administrative gender
    (identifier,) = patient["identifier"]
    assert identifier["system"] == PATIENT_KEY_SYSTEM
    key = identifier["value"]
    blind = keys.blind_index(visit.patient.legal_name, visit.patient.date_of_birth)
    assert len(key) == 32 and key not in blind and "ana" not in key.lower()
    # Stable for the same patient on another visit (name typed differently), different for another.
    again = _visit(library, {"phq9": phq9_answers()}, name="ana maria  lopez garcia")
    assert _key(keys, again).value == key
    other = _visit(library, {"phq9": phq9_answers()}, name="Ana María López Gil")
    assert _key(keys, other).value != key
    # After a data-key rotation the blind index of new rows changes; the patient key does not.
    keys.add_key()
    assert keys.patient_key(visit.patient.legal_name, visit.patient.date_of_birth) == key


def test_every_resource_has_an_id_that_is_its_full_url_and_stays_the_same(library: FormLibrary) -> None:
    visit = _visit(library, {"phq9": phq9_answers()})
    bundle = visit_bundle_resource(visit, library)
    ids = [e["resource"]["id"] for e in bundle["entry"]]
    assert all(ids) and len(set(ids)) == len(ids)
    assert [e["fullUrl"] for e in bundle["entry"]] == [f"urn:uuid:{i}" for i in ids]
    assert visit_bundle_resource(visit, library) == bundle


def test_transaction_entries_are_conditional_creates(library: FormLibrary, keys: KeyStore) -> None:
    visit = _visit(library, {"phq9": phq9_answers()})
    key = _key(keys, visit)
    bundle = visit_bundle_resource(visit, library, BundleOptions(bundle_type="transaction", patient=key))
    assert bundle["type"] == "transaction"
    searches = {}
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        assert request["method"] == "POST" and request["url"] == resource["resourceType"]
        searches[resource["resourceType"], resource["id"]] = request["ifNoneExist"]
        if resource["resourceType"] == "Patient":
            assert request["ifNoneExist"] == f"identifier={PATIENT_KEY_SYSTEM}|{key.value}"
        elif resource["resourceType"] == "Questionnaire":
            assert request["ifNoneExist"] == f"url={resource['url']}&version=1.1.0"
        else:  # the search matches the resource's own identifier
            identifiers = resource["identifier"] if isinstance(resource["identifier"], list) else [resource["identifier"]]
            assert request["ifNoneExist"] in {f"identifier={i['system']}|{i['value']}" for i in identifiers}
    # Sent again, the same visit asks for exactly the same conditional creates: nothing twice.
    again = visit_bundle_resource(visit, library, BundleOptions(bundle_type="transaction", patient=key))
    assert {(e["resource"]["resourceType"], e["resource"]["id"]): e["request"]["ifNoneExist"]
            for e in again["entry"]} == searches
    assert len(set(searches.values())) == len(searches)


def test_a_transaction_without_a_patient_identifier_is_refused(library: FormLibrary) -> None:
    visit = _visit(library, {"phq9": phq9_answers()})
    with pytest.raises(FhirExportError, match="transaction Bundle needs the patient's identifier"):
        visit_bundle_resource(visit, library, BundleOptions(bundle_type="transaction"))


def _interpretation(bundle: dict[str, Any], code: str) -> dict[str, Any]:
    (observation,) = [o for o in _resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == code]
    (found,) = observation["interpretation"]
    return dict(found)


@pytest.mark.parametrize(("answers", "v3", "band", "text"), [
    (phq9_answers(), "A", "mild", "Mild"),  # total 9
    ({**{f"q{n}": 0 for n in range(1, 10)}, "difficulty": 0}, "N", "minimal", "Minimal"),
])
def test_interpretation_is_the_v3_code_then_our_band(
    library: FormLibrary, answers: dict[str, Any], v3: str, band: str, text: str
) -> None:
    bundle = visit_bundle_resource(_visit(library, {"phq9": answers}), library)
    found = _interpretation(bundle, "44261-6")
    assert found["coding"][0]["system"] == V3 and found["coding"][0]["code"] == v3
    assert found["coding"][1]["system"].endswith("/phq9-total-bands") and found["coding"][1]["code"] == band
    assert found["text"].startswith(text)


def test_a_negative_screen_is_neg_and_a_positive_one_pos(library: FormLibrary) -> None:
    low = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": 0, "q10": 0}
    bundle = visit_bundle_resource(_visit(library, {"audit": low}), library)
    assert _interpretation(bundle, "75626-2")["coding"][0]["code"] == "NEG"  # AUDIT-C
    assert _interpretation(bundle, "75624-7")["coding"][0]["code"] == "N"  # AUDIT total, low risk
    high = {**low, "q1": 4, "q2": 4, "q3": 4}
    bundle = visit_bundle_resource(_visit(library, {"audit": high}), library)
    assert _interpretation(bundle, "75626-2")["coding"][0]["code"] == "POS"


def test_each_instrument_has_a_panel_observation_with_its_scores_as_members(library: FormLibrary) -> None:
    low = {f"q{n}": 0 for n in range(1, 11)}
    bundle = visit_bundle_resource(_visit(library, {"phq9": phq9_answers(), "audit": low}), library)
    urls = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    observations = _resources(bundle, "Observation")
    panels = {o["code"]["coding"][0]["code"]: o for o in observations if "hasMember" in o}
    assert set(panels) == {"44249-1", "72110-0"}  # the PHQ-9 and AUDIT LOINC panels
    scores = {o["code"]["coding"][0]["code"]: urls[o["id"]] for o in observations if "hasMember" not in o}
    assert panels["44249-1"]["hasMember"] == [{"reference": scores["44261-6"]}]
    assert panels["72110-0"]["hasMember"] == [{"reference": scores["75624-7"]}, {"reference": scores["75626-2"]}]
    assert all("value" not in key for panel in panels.values() for key in panel)


def test_questionnaire_lists_every_text_variant_and_the_response_the_one_shown(library: FormLibrary) -> None:
    form = library.form("usaudit")
    q3 = _items(questionnaire_resource(form))["q3"]
    variants = [e for e in q3.get("extension", []) if e["url"] == EXT_TEXT_VARIANT]
    assert len(variants) == len(form.item("q3").text_variants) >= 1
    parts = {p["url"]: p for p in variants[0]["extension"]}
    assert parts["text-en"]["valueString"] == form.item("q3").text_variants[0].text.en
    assert parts["text-es"]["valueString"] == form.item("q3").text_variants[0].text.get("es")
    assert json.loads(parts["condition"]["valueString"])["item"]


def test_bundle_holds_the_questionnaire_version_the_visit_answered(tmp_path: Path) -> None:
    clinic = Clinic(tmp_path, f"sqlite:///{tmp_path / 'kiosk.db'}")
    old_text = load_library(clinic.forms).form("phq9").item("q1").text.en
    old_id = clinic.submit()
    reword(clinic)  # PHQ-9 item 1 reworded, version 1.1.0 -> 1.1.0-v2

    bundle = json.loads(clinic.exported(old_id, "fhir").read_text(encoding="utf-8"))

    (response,) = [r for r in _resources(bundle, "QuestionnaireResponse") if "/phq9|" in r["questionnaire"]]
    questionnaires = {f"{q['url']}|{q['version']}": q for q in _resources(bundle, "Questionnaire")}
    cited = questionnaires[response["questionnaire"]]  # resolvable inside the Bundle
    assert cited["version"] == "1.1.0"
    assert _items(cited)["q1"]["text"] == old_text != NEW_QUESTION
    assert all(NEW_QUESTION not in json.dumps(q) for q in questionnaires.values())
    assert set(questionnaires) >= {r["questionnaire"] for r in _resources(bundle, "QuestionnaireResponse")}
    (patient,) = _resources(bundle, "Patient")
    assert patient["identifier"][0]["system"] == PATIENT_KEY_SYSTEM

    # The same visit as a transaction without Questionnaires, through the command line.
    done = kiosk(clinic.env, "export", old_id, "--format", "fhir", "--bundle-type", "transaction",
                 "--no-with-questionnaires", "--out", str(tmp_path / "tx"))
    assert done.returncode == 0, done.stderr
    transaction = json.loads(Path(done.stdout.strip()).read_text(encoding="utf-8"))
    assert transaction["type"] == "transaction" and _resources(transaction, "Questionnaire") == []
    assert all(e["request"]["ifNoneExist"] for e in transaction["entry"])


def test_dates_are_utc_with_z(library: FormLibrary) -> None:
    visit = _visit(library, {"phq9": phq9_answers()})
    bundle = visit_bundle_resource(visit, library)
    assert bundle["timestamp"] == NOW.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
