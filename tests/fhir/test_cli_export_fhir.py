"""``kiosk forms export-fhir`` run as a real process."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from kiosk.forms import FormLibrary


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120)


def test_export_all_writes_one_private_valid_file_per_form(tmp_path: Path, library: FormLibrary) -> None:
    out = tmp_path / "fhir"
    result = _kiosk("forms", "export-fhir", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.json"))
    assert [f.name for f in files] == sorted(f"Questionnaire-{form_id}.json" for form_id in library.forms)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        model = Questionnaire.model_validate_json(path.read_text(encoding="utf-8"))
        assert model.status == "active"
    assert result.stdout.split() == [str(f) for f in files]


def test_export_one_form(tmp_path: Path) -> None:
    result = _kiosk("forms", "export-fhir", "phq9", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["Questionnaire-phq9.json"]


def test_export_refuses_unknown_form_and_missing_choice(tmp_path: Path) -> None:
    unknown = _kiosk("forms", "export-fhir", "nosuch", "--out", str(tmp_path))
    assert unknown.returncode == 2
    assert "unknown form 'nosuch'" in unknown.stderr
    neither = _kiosk("forms", "export-fhir", "--out", str(tmp_path))
    assert neither.returncode == 2
    assert "give one FORM_ID or --all" in neither.stderr
    assert list(tmp_path.iterdir()) == []


def test_read_fhir_visit_for_kiosk_submit(tmp_path: Path, library: FormLibrary) -> None:
    from kiosk.cli.fhir_cmd import read_fhir_visit
    from kiosk.cli.io import InputError
    from tests.fhir.conftest import DATA

    from kiosk.paths import BUNDLED_FORMS
    from kiosk.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", forms_dir=BUNDLED_FORMS, fhir_aliases=None, mrn_system=None)
    imported = read_fhir_visit(str(DATA / "phq9-outside-bundle.json"), library, settings)
    assert imported.visit["responses"]["phq9"]["q2"] == 3
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="is not valid JSON"):
        read_fhir_visit(str(broken), library, settings)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    with pytest.raises(InputError, match="invalid FHIR bundle, nothing stored:\n  resourceType: expected Bundle, "):
        read_fhir_visit(str(wrong), library, settings)
