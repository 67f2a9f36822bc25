"""The clinic's alias file: read beside the forms, skipped by the forms loader, clear when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.fhir import ALIASES_FILE, AliasFileError, load_aliases
from kiosk.forms import load_library
from kiosk.paths import BUNDLED_FORMS
from tests.fhir.conftest import forms_with


def test_an_alias_file_beside_the_forms_is_not_taken_for_a_form(tmp_path: Path) -> None:
    folder = forms_with(tmp_path / "forms", ALIASES_FILE, "questionnaires: {}\n")
    assert "auditc" in load_library(folder).forms
    assert load_aliases(folder).questionnaires == {}
    assert load_aliases(BUNDLED_FORMS).questionnaires == {}  # none shipped: each clinic writes its own


def test_an_alias_is_found_whatever_the_version_cited(tmp_path: Path) -> None:
    (tmp_path / ALIASES_FILE).write_text('questionnaires: {"http://x.example/Q/a": {form: gad7}}\n', encoding="utf-8")
    aliases = load_aliases(tmp_path)
    assert aliases.of("http://x.example/Q/a|7") is not None and aliases.of("http://x.example/Q/a|7").form == "gad7"
    assert aliases.of("http://x.example/Q/b") is None
    assert load_aliases(tmp_path / "nowhere").questionnaires == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("questionnaires: {a: {form: phq9, linkids: {}}}\n", "questionnaires.a.linkids: Extra inputs are not permitted"),
    ("questionnaires: [\n", "line 2: not valid YAML (expected the node content, but found '<stream end>')"),
])
def test_a_broken_alias_file_names_file_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    folder = forms_with(tmp_path / "forms", ALIASES_FILE, text)
    with pytest.raises(AliasFileError) as caught:
        load_aliases(folder)
    assert str(caught.value) == f"{folder / ALIASES_FILE}: {expected}"
