"""Export files: private (0600), atomic, named without patient data."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.forms import FormLibrary
from kiosk.report.export import ExportError, export_file_name, export_submission, write_private
from kiosk.report.fhir_common import PATIENT_KEY_SYSTEM
from kiosk.settings import Settings
from kiosk.store.keys import KeyStore
from tests.report.conftest import PHQ9_ANSWERS, make_visit

NAME_PATTERN = re.compile(r"^\d{8}-\d{4}-[0-9a-f]{8}\.(pdf|json)$")


def test_pdf_export_is_private_and_anonymously_named(
    library: FormLibrary, settings: Settings, tmp_path: Path
) -> None:
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS}, name="Zoë Nguyễn")
    out = tmp_path / "exports" / "today"
    old = os.umask(0o022)
    try:
        path = export_submission(visit, library, settings, out)
    finally:
        os.umask(old)
    assert NAME_PATTERN.match(path.name), path.name
    assert path.name.endswith(f"-{visit.id.hex[:8]}.pdf")
    assert "zo" not in path.name.lower() and "nguy" not in path.name.lower()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert "Zoë Nguyễn" in PdfReader(path).pages[0].extract_text()
    assert sorted(p.name for p in out.iterdir()) == [path.name]  # no temp file left behind


def test_file_name_uses_local_visit_time(library: FormLibrary) -> None:
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    local = visit.created_at.astimezone()
    assert export_file_name(visit) == f"{local:%Y%m%d-%H%M}-{visit.id.hex[:8]}.pdf"
    assert export_file_name(visit, "fhir").endswith(".json")


def test_write_private_replaces_atomically_with_0600(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    old = os.umask(0o277)  # even a umask that would strip our own write bit
    try:
        write_private(target, b"new contents")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new contents"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_unwritable_folder_gives_clear_error(library: FormLibrary, settings: Settings,
                                             tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    with pytest.raises(ExportError, match=r"cannot write into .*file"):
        export_submission(visit, library, settings, blocker / "sub")


def test_fhir_export_writes_private_json(library: FormLibrary, settings: Settings,
                                         tmp_path: Path) -> None:
    keys = KeyStore.load(settings, create_key=True)
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    path = export_submission(visit, library, settings, tmp_path, fmt="fhir")
    assert NAME_PATTERN.match(path.name) and path.suffix == ".json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    (patient,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    key = keys.patient_key(visit.patient.legal_name, visit.patient.date_of_birth)
    assert patient["identifier"] == [{"use": "secondary", "system": PATIENT_KEY_SYSTEM, "value": key}]


def test_fhir_export_without_the_clinic_keys_says_so(library: FormLibrary, settings: Settings,
                                                     tmp_path: Path) -> None:
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS}, name="Zoë Nguyễn")
    with pytest.raises(ExportError, match="no patient key for the FHIR Patient: the key file .* is missing") as caught:
        export_submission(visit, library, settings, tmp_path / "out", fmt="fhir")
    assert "Zo" not in str(caught.value)
    assert not (tmp_path / "out").exists()
