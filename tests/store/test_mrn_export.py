"""FHIR export of the patient: the MRN (type MR, the clinic's system) when the visit has one,
else the kiosk patient key, in single-visit exports and in every visit of a history Bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from kiosk.forms import FormLibrary
from kiosk.report.fhir_common import PATIENT_KEY_SYSTEM
from kiosk.store import Store
from tests.care.visits import series_visit
from tests.store.test_cli import kiosk

MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1"


def _patients(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]


def test_history_bundle_patients_carry_the_mrn_or_the_kiosk_key_as_a_single_export_does(
        cli_env: dict[str, str], store: Store, library: FormLibrary, tmp_path: Path) -> None:
    before_mrn = series_visit(library, 0, 20, 15)  # a kiosk visit: no MRN yet
    with_mrn = series_visit(library, 7, 14, 10)
    store.add_many([before_mrn, with_mrn])
    store.set_mrn(with_mrn.id, "00123 45", actor="test")
    env = {**cli_env, "KIOSK_MRN_SYSTEM": MRN_SYSTEM}
    out = tmp_path / "out"
    done = kiosk(env, "export", "--patient", str(with_mrn.id), "--format", "fhir", "--out", str(out))
    assert done.returncode == 0, done.stderr
    [path] = out.glob("history-*.json")
    history = json.loads(path.read_text(encoding="utf-8"))
    Bundle.model_validate(history)
    [[first], [second]] = [_patients(entry["resource"]) for entry in history["entry"]]
    assert second["identifier"] == [{
        "use": "official", "system": MRN_SYSTEM, "value": "00123 45",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR",
                             "display": "Medical record number"}]}}]
    [key] = first["identifier"]
    assert key["system"] == PATIENT_KEY_SYSTEM and key["use"] == "secondary" and len(key["value"]) == 32
    single = kiosk(env, "export", str(before_mrn.id), "--format", "fhir", "--out", str(tmp_path / "one"))
    assert single.returncode == 0, single.stderr
    [one] = (tmp_path / "one").glob("*.json")
    assert _patients(json.loads(one.read_text(encoding="utf-8")))[0]["identifier"] == [key]
    transaction = kiosk(env, "export", str(with_mrn.id), "--format", "fhir", "--bundle-type", "transaction",
                        "--out", str(tmp_path / "tx"))
    assert transaction.returncode == 0, transaction.stderr
    [tx] = (tmp_path / "tx").glob("*.json")
    entry = next(e for e in json.loads(tx.read_text(encoding="utf-8"))["entry"]
                 if e["resource"]["resourceType"] == "Patient")
    assert entry["request"]["ifNoneExist"] == f"identifier={MRN_SYSTEM}|00123%2045"  # a search value, encoded
