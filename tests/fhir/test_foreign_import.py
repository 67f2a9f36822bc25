"""``kiosk submit --fhir`` with responses shaped the way other systems send them, through the
real CLI into a real store (SQLite, and PostgreSQL for one case), read back."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kiosk.intake.submission import Submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store
from tests.fhir import foreign
from tests.fhir.conftest import forms_with
from tests.store.conftest import db_url  # noqa: F401 - a fixture (SQLite file, or a PostgreSQL schema)

ALIASES = """\
questionnaires:
  "http://h.example/fhir/Questionnaire/ansiedad-7":
    form: gad7
  "http://sender.example.org/Questionnaire/phq-typo":
    form: phq9
    link_ids: {"PHQ.1": q01}
  "http://sender.example.org/Questionnaire/phq-local":
    form: phq9
    link_ids: {"PHQ.1": q1, "PHQ.2": q2, "PHQ.3": q3, "PHQ.4": q4, "PHQ.5": q5,
               "PHQ.6": q6, "PHQ.7": q7, "PHQ.8": q8, "PHQ.9": q9}
"""


@pytest.fixture(scope="module")
def forms_with_aliases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return forms_with(tmp_path_factory.mktemp("aliased") / "forms", "fhir-aliases.yaml", ALIASES)


def kiosk(tmp_path: Path, *args: str, forms: Path = BUNDLED_FORMS, db: str | None = None,
          stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_FORMS_DIR=str(forms), KIOSK_ID="desk-2")
    if db:
        env["KIOSK_DB_URL"] = db
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def submit(tmp_path: Path, data: Any, *args: str, forms: Path = BUNDLED_FORMS,
           db: str | None = None) -> subprocess.CompletedProcess[str]:
    return kiosk(tmp_path, "submit", "--fhir", "-", *args, forms=forms, db=db, stdin=json.dumps(data))


def stored(tmp_path: Path, done: subprocess.CompletedProcess[str], db: str | None = None) -> Submission:
    assert done.returncode == 0, done.stderr
    settings = Settings(data_dir=tmp_path / "data", db_url=db, forms_dir=BUNDLED_FORMS, id="t", key=None, pepper=None)
    with Store.open(settings) as store:
        return store.get(uuid.UUID(done.stdout.strip()), actor="test:fhir")


def refused(tmp_path: Path, done: subprocess.CompletedProcess[str]) -> str:
    """The refusal text, after checking that nothing was stored and no patient data is echoed."""
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    for secret in ("Quintero", "Marisol", "1969-08-21", "Ningún", "NINGÚN"):
        assert secret not in done.stderr
    assert not (tmp_path / "data" / "kiosk.db").exists()
    return done.stderr


def expected_phq9() -> dict[str, int]:
    return {f"q{n + 1}": s for n, s in enumerate(foreign.PHQ9_SCORES)}


def test_bare_response_with_lhc_paths_and_contained_patient_keeps_its_authored_time(
        tmp_path: Path, db_url: str) -> None:  # noqa: F811 - the fixture
    visit = stored(tmp_path, submit(tmp_path, foreign.phq9_lhc_style(), db=db_url), db=db_url)
    phq9 = visit.responses["phq9"]
    assert phq9.answers == expected_phq9()
    assert phq9.scores["total"].value == 10 and phq9.scores["total"].band == "moderate"
    assert visit.patient.legal_name == "Marisol Quintero"
    assert visit.created_at == dt.datetime(2026, 1, 15, 15, 20, tzinfo=dt.timezone.utc)
    assert phq9.flags == []


def test_searchset_with_plain_loinc_link_ids_and_ordinal_values_only(tmp_path: Path) -> None:
    bundle = foreign.in_bundle(foreign.patient(), foreign.phq9_ordinal_only())
    assert stored(tmp_path, submit(tmp_path, bundle)).responses["phq9"].answers == expected_phq9()


def test_local_link_ids_and_codes_read_through_the_contained_questionnaire(tmp_path: Path) -> None:
    bundle = foreign.in_bundle(foreign.patient(), foreign.gad7_local(), kind="transaction")
    gad7 = stored(tmp_path, submit(tmp_path, bundle)).responses["gad7"]
    assert gad7.answers == {f"q{n + 1}": s for n, s in enumerate(foreign.GAD7_SCORES)}
    assert gad7.scores["total"].value == 9
    assert gad7.flags == []  # named by the sender's item codes, not by position


def test_the_senders_questionnaire_given_as_a_file(tmp_path: Path) -> None:
    bundle = foreign.in_bundle(foreign.patient(), foreign.gad7_local(contained=False), kind="collection")
    without = submit(tmp_path, bundle)
    assert "is not one of this kiosk's forms" in refused(tmp_path, without)
    qfile = tmp_path / "gad-local.json"
    qfile.write_text(json.dumps(foreign.gad7_sender_questionnaire()), encoding="utf-8")
    visit = stored(tmp_path, submit(tmp_path, bundle, "--questionnaire", str(qfile)))
    assert visit.responses["gad7"].scores["total"].value == 9


def test_auditc_panel_is_stored_and_scored_as_form_auditc(tmp_path: Path) -> None:
    bundle = foreign.in_bundle(foreign.patient(), foreign.auditc_panel())
    auditc = stored(tmp_path, submit(tmp_path, bundle)).responses["auditc"]
    assert auditc.answers == {"q1": 2, "q2": 1, "q3": 2}
    assert auditc.scores["total"].value == 5 and auditc.scores["total"].band == "positive"
    assert auditc.flags == []  # the sender's total 5 agrees


def test_auditc_items_without_a_questionnaire_are_auditc_not_audit(tmp_path: Path) -> None:
    response = foreign.auditc_panel()
    del response["questionnaire"]
    assert "auditc" in stored(tmp_path, submit(tmp_path, foreign.in_bundle(foreign.patient(), response))).responses


def test_answers_given_only_by_loinc_answer_names_map_where_our_labels_differ(tmp_path: Path) -> None:
    response = foreign.auditc_panel()
    response["item"][0]["answer"] = [{"valueCoding": {"display": "2-4 times a month"}}]
    response["item"][1]["answer"] = [{"valueCoding": {"display": "7 to 9"}}]  # ours: "7, 8, or 9"
    del response["item"][3]
    auditc = stored(tmp_path, submit(tmp_path, foreign.in_bundle(foreign.patient(), response))).responses["auditc"]
    assert auditc.answers == {"q1": 2, "q2": 3, "q3": 2}


def test_a_senders_total_that_disagrees_is_kept_as_a_clinical_warning(tmp_path: Path) -> None:
    response = foreign.with_total(foreign.phq9_lhc_style(), 13)
    visit = stored(tmp_path, submit(tmp_path, response))
    phq9 = visit.responses["phq9"]
    assert phq9.scores["total"].value == 10
    assert [(f.severity, f.category, f.message) for f in phq9.flags] == [
        ("warning", "clinical", "sender's total 13, answers give 10")]
    assert visit.severity == "warning"
    pdf = kiosk(tmp_path, "export", str(visit.id), "--out", str(tmp_path / "out"))
    assert pdf.returncode == 0, pdf.stderr
    shown = " ".join(PdfReader(pdf.stdout.strip()).pages[0].extract_text().split())
    assert "NEEDS ATTENTION" in shown and "sender's total 13, answers give 10" in shown


def test_items_matched_by_position_and_spanish_display_carry_a_warning(
        tmp_path: Path, forms_with_aliases: Path) -> None:
    bundle = foreign.in_bundle(foreign.patient(), foreign.gad7_by_position())
    visit = stored(tmp_path, submit(tmp_path, bundle, forms=forms_with_aliases))
    gad7 = visit.responses["gad7"]
    assert gad7.answers == {f"q{n + 1}": s for n, s in enumerate(foreign.GAD7_SCORES)}
    assert [f.message for f in gad7.flags] == ["items matched by position, check the answers"]
    assert visit.language == "es"


def test_alias_link_ids_map_the_senders_own_items(tmp_path: Path, forms_with_aliases: Path) -> None:
    response = foreign.phq9_ordinal_only()
    response["questionnaire"] = "http://sender.example.org/Questionnaire/phq-local"
    for n, item in enumerate(response["item"]):
        item["linkId"] = f"PHQ.{n + 1}"
    visit = stored(tmp_path, submit(tmp_path, foreign.in_bundle(foreign.patient(), response), forms=forms_with_aliases))
    assert visit.responses["phq9"].answers == expected_phq9()
    assert visit.responses["phq9"].flags == []


def test_panel_observations_are_read_as_answers(tmp_path: Path) -> None:
    visit = stored(tmp_path, submit(tmp_path, foreign.phq9_observations()))
    assert visit.responses["phq9"].answers == expected_phq9()
    assert visit.created_at == dt.datetime(2026, 1, 15, 15, 20, tzinfo=dt.timezone.utc)


def test_patient_from_the_command_line_for_a_response_without_one(tmp_path: Path) -> None:
    response = foreign.phq9_ordinal_only()
    del response["subject"]
    done = submit(tmp_path, response, "--patient-name", "Marisol Quintero", "--patient-dob", "1969-08-21")
    assert stored(tmp_path, done).patient.date_of_birth == dt.date(1969, 8, 21)


def _no_patient() -> dict[str, Any]:
    response = foreign.phq9_ordinal_only()
    del response["subject"]
    return response


def _future() -> dict[str, Any]:
    response = foreign.phq9_lhc_style()
    response["authored"] = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).isoformat()
    return response


def _no_offset() -> dict[str, Any]:
    response = foreign.phq9_lhc_style()
    response["authored"] = "2026-01-15T10:20:00"  # FHIR itself requires the offset with a time
    return response


def _date_only() -> dict[str, Any]:
    response = foreign.phq9_lhc_style()
    response["authored"] = "2026-01-15"  # valid FHIR, but not a moment
    return response


def _wrong_count() -> dict[str, Any]:
    response = foreign.gad7_by_position()
    response["item"] = response["item"][:5]
    return foreign.in_bundle(foreign.patient(), response)


def _unreadable_text() -> dict[str, Any]:
    answers = [{"valueCoding": {"system": "http://h.example/cs", "code": "x", "display": "Ningún día o dos"}}] * 7
    return foreign.in_bundle(foreign.patient(), foreign.gad7_by_position(answers))


def _unknown_form() -> dict[str, Any]:
    response = foreign.gad7_local(contained=False)
    return foreign.in_bundle(foreign.patient(), response)


def _guessed_form_not_by_position() -> dict[str, Any]:
    response = foreign.phq9_ordinal_only()
    response["questionnaire"] = "http://other.example/Questionnaire/x"
    response["item"].append({"linkId": "extra-1", "answer": [{"valueString": "hello"}]})
    return foreign.in_bundle(foreign.patient(), response)


def _alias_to_no_item() -> dict[str, Any]:
    response = foreign.phq9_ordinal_only()
    response["questionnaire"] = "http://sender.example.org/Questionnaire/phq-typo"
    return foreign.in_bundle(foreign.patient(), response)


def _member_missing() -> dict[str, Any]:
    bundle = foreign.phq9_observations()
    del bundle["entry"][2]
    return bundle


def _two_patients() -> dict[str, Any]:
    other = foreign.patient("pt-8")
    other["birthDate"] = "1970-01-01"
    return foreign.in_bundle(foreign.patient(), other, foreign.phq9_ordinal_only())


def _preliminary() -> dict[str, Any]:
    bundle = foreign.phq9_observations()
    bundle["entry"][1]["resource"]["status"] = "preliminary"
    return bundle


REFUSALS = {
    "alias names no item": (_alias_to_no_item, "Bundle.entry[1] QuestionnaireResponse.questionnaire: the alias map "
                                               "gives item q01, which form phq9 does not have"),
    "panel member missing": (_member_missing, "Bundle.entry[1] Observation.hasMember[0]: Observation/o0 is not in "
                                              "the input"),
    "two patients": (_two_patients, "Bundle.entry[1] Patient: a second, different Patient"),
    "preliminary observations": (_preliminary, "Bundle.entry[1] Observation.status: preliminary (only completed"),
    "only a total": (lambda: foreign.phq9_observations(only_total=True),
                     "Bundle.entry[1] Observation: holds only a total score, no item answers"),
    "no patient": (_no_patient, "no Patient: the input holds none (contained or in the Bundle); "
                                "give --patient-name and --patient-dob"),
    "authored in the future": (_future, "QuestionnaireResponse.authored: is in the future"),
    "authored without offset": (_no_offset, "QuestionnaireResponse.authored: DateTime value string does not "),
    "authored without time": (_date_only, "QuestionnaireResponse.authored: must be a date and time with its offset"),
    "position count differs": (_wrong_count, "Bundle.entry[1] QuestionnaireResponse.item[0]: linkId H1/T1/Q1 "
                                             "is not an item of form gad7"),
    "display text matches no option": (_unreadable_text, "Bundle.entry[1] QuestionnaireResponse.item[0] (q1): "
                                                         "code http://h.example/cs|x is not an answer"),
    "unknown form": (_unknown_form, "Bundle.entry[1] QuestionnaireResponse.questionnaire: "
                                    "http://sender.example.org/Questionnaire/gad-local|3 is not one of"),
    "guessed form": (_guessed_form_not_by_position, "QuestionnaireResponse.item[9]: linkId extra-1 is not an item "
                                                    "of form phq9"),
    "not FHIR": (lambda: {"resourceType": "Patient"}, "resourceType: expected Bundle, QuestionnaireResponse or "
                                                      "Observation, got Patient"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_every_refusal_names_resource_field_and_reason_and_stores_nothing(
        tmp_path: Path, forms_with_aliases: Path, case: str) -> None:
    build, expected = REFUSALS[case]
    text = refused(tmp_path, submit(tmp_path, build(), forms=forms_with_aliases))
    assert text.startswith("kiosk: invalid FHIR bundle, nothing stored:\n  ")
    assert expected in text


def test_patient_options_are_refused_when_the_input_has_a_patient(tmp_path: Path) -> None:
    done = submit(tmp_path, foreign.phq9_lhc_style(), "--patient-name", "Someone Else", "--patient-dob", "1990-01-01")
    assert "the input holds a Patient; give --patient-name and --patient-dob only for input without one" in refused(
        tmp_path, done)
    half = submit(tmp_path, _no_patient(), "--patient-name", "Someone Else")
    assert "give --patient-name and --patient-dob together" in refused(tmp_path, half)
    visit_json = kiosk(tmp_path, "submit", "--visit", "-", "--patient-name", "X", "--patient-dob", "1990-01-01",
                       stdin="{}")
    assert "--questionnaire, --patient-name and --patient-dob go with --fhir, not --visit" in refused(
        tmp_path, visit_json)
