"""``kiosk submit --fhir`` as a real process, stored in a real SQLite store and read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store
from tests.fhir.conftest import DATA


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(data_dir), KIOSK_FORMS_DIR=str(BUNDLED_FORMS), KIOSK_ID="desk-1")
    return env


def _submit(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "submit", *args], env=_env(data_dir), input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_submit_fhir_stores_the_outside_phq9_like_any_visit(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    done = _submit(data_dir, "--fhir", str(DATA / "phq9-outside-bundle.json"))
    assert done.returncode == 0, done.stderr
    submission_id = uuid.UUID(done.stdout.strip())
    settings = Settings(data_dir=data_dir, forms_dir=BUNDLED_FORMS, id="test", key=None, pepper=None)
    with Store.open(settings) as store:
        stored = store.get(submission_id, actor="test:fhir")
    assert stored.kiosk_id == "desk-1"
    assert stored.patient.legal_name == "José Luis Rivera"
    assert stored.responses["phq9"].answers["q4"] == 3
    assert stored.responses["phq9"].scores["total"].value == 15
    assert stored.severity == "critical"


def test_submit_fhir_refuses_a_malformed_bundle_and_stores_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    bundle = json.loads((DATA / "phq9-outside-bundle.json").read_text(encoding="utf-8"))
    bundle["entry"][1]["resource"]["status"] = "in-progress"
    refused = _submit(data_dir, "--fhir", "-", stdin=json.dumps(bundle))
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.startswith("kiosk: invalid FHIR bundle, nothing stored:\n  Bundle.entry[1] ")
    assert "in-progress (only completed or amended responses can be stored)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (data_dir / "kiosk.db").exists() or _count(data_dir) == 0


def test_submit_fhir_applies_the_kiosks_visit_validation(tmp_path: Path) -> None:
    bundle = json.loads((DATA / "phq9-outside-bundle.json").read_text(encoding="utf-8"))
    bundle["entry"][0]["resource"]["birthDate"] = "2999-01-01"
    refused = _submit(tmp_path / "data", "--fhir", "-", stdin=json.dumps(bundle))
    assert refused.returncode == 2
    assert "invalid visit, nothing stored:\n  patient.date_of_birth: is in the future" in refused.stderr


def test_visit_and_fhir_cannot_both_be_given(tmp_path: Path) -> None:
    both = _submit(tmp_path / "data", "--visit", "-", "--fhir", "-", stdin="{}")
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr


def _count(data_dir: Path) -> int:
    settings = Settings(data_dir=data_dir, forms_dir=BUNDLED_FORMS, id="test", key=None, pepper=None)
    with Store.open(settings) as store:
        return len(store.queue(None, None, actor="test:fhir"))
