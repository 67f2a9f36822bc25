"""``kiosk forms validate`` and ``kiosk forms score`` as a clinic or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.forms import FormLibrary
from kiosk.forms.loader import validate_directory
from kiosk.paths import BUNDLED_FORMS
from tests.forms.test_safety import CLEAR


def _kiosk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False,
    )


def _phq9(**codes: int) -> dict[str, int]:
    return {f"q{i}": 0 for i in range(1, 10)} | codes


def test_validate_bundled_forms_by_default() -> None:
    run = _kiosk("forms", "validate")
    assert (run.returncode, run.stdout, run.stderr) == (0, f"{BUNDLED_FORMS}: all forms valid\n", "")


def test_validate_a_valid_folder(forms_copy: Path) -> None:
    run = _kiosk("forms", "validate", str(forms_copy))
    assert (run.returncode, run.stdout) == (0, f"{forms_copy}: all forms valid\n")


def test_validate_prints_one_line_per_problem(forms_copy: Path) -> None:
    phq9, safety = forms_copy / "phq9.yaml", forms_copy / "safety.yaml"
    phq9.write_text(phq9.read_text(encoding="utf-8").replace("{id: mild, min: 5,", "{id: mild, min: 6,"), "utf-8")
    text = safety.read_text(encoding="utf-8")
    text = text.replace("  - id: glaucoma\n    type: yes_no\n", "  - id: glaucoma\n    type: yesno\n")
    text = text.replace("severity: warning", "severity: warn", 1)
    safety.write_text(text, encoding="utf-8")
    run = _kiosk("forms", "validate", str(forms_copy))
    assert run.returncode == 1
    assert run.stderr == ""
    assert run.stdout.splitlines() == [
        f"{phq9}: scores.total.bands: gap: no band covers 5",
        f"{safety}: items.glaucoma.type: unknown item type 'yesno' (allowed: single_choice, "
        "multiple_choice, yes_no, text, number, date, time, phone, signature, info)",
        f"{safety}: flags.alcohol_24h.severity: unknown value 'warn' (allowed: critical, warning)",
    ]
    assert run.stdout.splitlines() == [str(p) for p in validate_directory(forms_copy)]


def test_validate_a_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    run = _kiosk("forms", "validate", str(missing))
    assert (run.returncode, run.stdout) == (1, f"{missing}: (dir): no such folder\n")


def test_score_from_a_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(_phq9(q1=3, q2=3, q3=2, q4=2, difficulty=1)), encoding="utf-8")
    run = _kiosk("forms", "score", "phq9", "--answers", str(answers))
    assert (run.returncode, run.stderr) == (0, "")
    result = json.loads(run.stdout)
    assert list(result) == ["form", "version", "scores", "flags"]
    assert result == {
        "form": "phq9",
        "version": "1.0.0",
        "scores": {"total": {"value": 10, "band": "moderate"}},
        "flags": [],
    }


def test_score_from_stdin_with_a_critical_flag(library: FormLibrary) -> None:
    run = _kiosk("forms", "score", "phq9", "--answers", "-", stdin=json.dumps(_phq9(q9=1)))
    assert run.returncode == 0
    assert json.loads(run.stdout) == {
        "form": "phq9",
        "version": library.form("phq9").version,
        "scores": {"total": {"value": 1, "band": "minimal"}},
        "flags": [{
            "id": "phq9_item9",
            "severity": "critical",
            "message": library.form("phq9").flags[0].message.get("en"),
        }],
    }


def test_score_safety_screen_warnings(library: FormLibrary) -> None:
    answers = CLEAR | {"last_alcohol": "within_24h", "driver_arranged": False}
    run = _kiosk("forms", "score", "safety", "--answers", "-", stdin=json.dumps(answers))
    assert run.returncode == 0, run.stderr
    messages = {f.id: f.message.get("en") for f in library.form("safety").flags}
    assert json.loads(run.stdout) == {
        "form": "safety",
        "version": "1.0.0",
        "scores": {},
        "flags": [
            {"id": "alcohol_24h", "severity": "warning", "message": messages["alcohol_24h"]},
            {"id": "no_driver", "severity": "warning", "message": messages["no_driver"]},
        ],
    }


@pytest.mark.parametrize(
    ("form_id", "stdin", "message"),
    [
        ("phq9", json.dumps(_phq9() | {"q10": 1}), "kiosk: invalid answers:\n  phq9.q10: unknown item\n"),
        ("phq9", json.dumps(_phq9(q3=4)),
         "kiosk: invalid answers:\n  phq9.q3: is not one of the allowed codes (0, 1, 2, 3)\n"),
        ("phq9", json.dumps(_phq9(q4=True)),
         "kiosk: invalid answers:\n  phq9.q4: is not one of the allowed codes (0, 1, 2, 3)\n"),
        ("phq9", json.dumps({f"q{i}": 1 for i in range(1, 9)}),
         "kiosk: invalid answers:\n  phq9.q9: required answer missing\n"),
        ("phq9", "{q1: 1}",
         "kiosk: standard input is not valid JSON: Expecting property name enclosed in double quotes "
         "(line 1, column 2)\n"),
        ("phq9", "[1, 2]", "kiosk: answers must be a JSON object of item id -> code\n"),
        ("phq10", "{}", "kiosk: unknown form 'phq10' (known: {known})\n"),
    ],
    ids=["unknown-item", "code-not-allowed", "bool-for-int", "required-missing", "not-json",
         "not-an-object", "unknown-form"],
)
def test_score_refuses_bad_input_with_exit_2(
    library: FormLibrary, form_id: str, stdin: str, message: str
) -> None:
    run = _kiosk("forms", "score", form_id, "--answers", "-", stdin=stdin)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == message.replace("{known}", ", ".join(sorted(library.forms)))
    assert "Traceback" not in run.stderr


def test_score_unreadable_answers_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    run = _kiosk("forms", "score", "phq9", "--answers", str(missing))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"kiosk: cannot read {missing}: No such file or directory\n"


def test_score_with_a_broken_forms_folder_exits_1(forms_copy: Path) -> None:
    phq9 = forms_copy / "phq9.yaml"
    phq9.write_text(phq9.read_text(encoding="utf-8").replace("\nid: phq9\n", "\n"), encoding="utf-8")
    run = _kiosk("forms", "score", "phq9", "--answers", "-", "--forms-dir", str(forms_copy), stdin="{}")
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == f"kiosk: invalid forms:\n{phq9}: id: missing field\n"
