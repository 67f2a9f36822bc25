"""FHIR import of the clinic's MRN and the clinic's own alias file, through `kiosk submit --fhir`
as a real process: the MRN is the Patient identifier typed MR or of the configured system;
the ``fhir_aliases`` setting adds aliases; a bad setting is a clear message, nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from kiosk.fhir import import_visit
from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.report.fhir import FhirImportError
from kiosk.settings import Settings
from kiosk.store import Store
from tests.fhir import foreign
from tests.fhir.conftest import NOW

V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
CLINIC = "urn:oid:2.16.840.1.113883.3.9999.2"


def _mr(value: str, system: str = "urn:oid:2.16.840.1.113883.3.9999.5") -> dict[str, Any]:
    return {"type": {"coding": [{"system": V2_0203, "code": "MR"}]}, "system": system, "value": value}


def _with_ids(*identifiers: dict[str, Any]) -> dict[str, Any]:
    person = foreign.patient()
    person["identifier"] = list(identifiers)
    return foreign.in_bundle(person, foreign.phq9_ordinal_only())


def _submit(tmp_path: Path, data: Any, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ.update(KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_FORMS_DIR=str(BUNDLED_FORMS), KIOSK_ID="desk-2",
                   **env)
    return subprocess.run([sys.executable, "-m", "kiosk", "submit", "--fhir", "-"], env=environ,
                          input=json.dumps(data), capture_output=True, text=True, timeout=120)


def _stored(tmp_path: Path, done: subprocess.CompletedProcess[str]) -> Submission:
    assert done.returncode == 0, done.stderr
    settings = Settings(data_dir=tmp_path / "data", forms_dir=BUNDLED_FORMS, id="t", key=None, pepper=None)
    with Store.open(settings) as store:
        return store.get(uuid.UUID(done.stdout.strip()), actor="test")


@pytest.mark.parametrize(("identifiers", "system", "mrn"), [
    ([{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "123-45-6789"}, _mr(" 0042 17 ")], None, "0042 17"),
    ([_mr("A-1"), {"system": CLINIC, "value": "C-9"}], CLINIC, "C-9"),  # the clinic's system wins
    ([{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "123-45-6789"}], None, None),  # not an MRN
])
def test_the_mrn_is_the_identifier_typed_mr_or_of_the_clinics_system(
        library: FormLibrary, identifiers: list[dict[str, Any]], system: str | None, mrn: str | None) -> None:
    visit = import_visit(_with_ids(*identifiers), library, now=NOW, mrn_system=system).visit
    assert build_submission(library, visit, kiosk_id="desk", now=NOW).patient.mrn == mrn


def test_two_different_mrns_are_refused(library: FormLibrary) -> None:
    with pytest.raises(FhirImportError) as caught:
        import_visit(_with_ids(_mr("A-1"), _mr("B-2")), library, now=NOW)
    assert caught.value.problems == [
        "Bundle.entry[0] Patient.identifier: 2 different MRNs (one visit is for one patient record)"]


def test_submit_fhir_stores_the_mrn_of_the_configured_system(tmp_path: Path) -> None:
    done = _submit(tmp_path, _with_ids({"system": CLINIC, "value": "77 0001"}), KIOSK_MRN_SYSTEM=CLINIC)
    assert _stored(tmp_path, done).patient.mrn == "77 0001"


def test_the_clinics_alias_file_is_merged_over_the_forms_folders(tmp_path: Path) -> None:
    response = foreign.phq9_ordinal_only()
    response["questionnaire"] = "http://ehr.example.net/Questionnaire/mood|4"
    for n, item in enumerate(response["item"]):
        item["linkId"] = f"M{n + 1}"
    bundle = foreign.in_bundle(foreign.patient(), response)
    aliases = tmp_path / "clinic-aliases.yaml"
    aliases.write_text("questionnaires:\n  http://ehr.example.net/Questionnaire/mood:\n    form: phq9\n"
                       "    link_ids: {" + ", ".join(f"M{n}: q{n}" for n in range(1, 10)) + "}\n", encoding="utf-8")
    visit = _stored(tmp_path, _submit(tmp_path, bundle, KIOSK_FHIR_ALIASES=str(aliases)))
    assert visit.responses["phq9"].answers == {f"q{n + 1}": s for n, s in enumerate(foreign.PHQ9_SCORES)}
    assert visit.responses["phq9"].flags == []


@pytest.mark.parametrize(("text", "reason"), [
    (None, "no such file"),
    ("questionnaires: {a: {form: phq9, linkIds: {}}}\n", "questionnaires.a.linkIds: Extra inputs are not permitted"),
    ("questionnaires: [\n", "line 2: not valid YAML"),
])
def test_a_bad_clinic_alias_file_names_the_file_and_stores_nothing(tmp_path: Path, text: str | None,
                                                                   reason: str) -> None:
    aliases = tmp_path / "clinic-aliases.yaml"
    if text is not None:
        aliases.write_text(text, encoding="utf-8")
    done = _submit(tmp_path, _with_ids(_mr("A-1")), KIOSK_FHIR_ALIASES=str(aliases))
    assert done.returncode == 2 and done.stdout == ""
    assert f"{aliases}: {reason}" in done.stderr
    assert "Traceback" not in done.stderr and "Quintero" not in done.stderr
    assert not (tmp_path / "data" / "kiosk.db").exists()
