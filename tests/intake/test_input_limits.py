"""Input no real patient gives: oversized, malformed or deceptive values are refused with the
field and the reason, never a traceback, and never a copy of what was typed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.visit import VisitError, build_submission
from kiosk.limits import NAME_MAX_CHARS, SIGNATURE_MAX_BYTES, TEXT_MAX_CHARS
from tests.forms.signature import signature_data_url
from tests.store.conftest import forms_dir, notes_library, visit  # noqa: F401 - fixtures and the visit maker

NOW = dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.timezone.utc)
SECRET = "Zelda-Quorra-7731"  # a value that must never appear in a message


def _problems(library: FormLibrary, data: Any) -> list[str]:
    with pytest.raises(VisitError) as refused:
        build_submission(library, data, kiosk_id="k", now=NOW)
    return refused.value.problems


@pytest.mark.parametrize(("name", "reason"), [
    (SECRET + "x" * NAME_MAX_CHARS, f"is longer than {NAME_MAX_CHARS} characters"),
    (SECRET + "\x00", "contains a NUL character"),
    (SECRET + "\ud800", "contains a broken character (not valid Unicode)"),
    (SECRET + "\x1b[2J", "contains a control character"),
    ("\u200b\u2060\u3164 \u00ad", "has no visible letters"),
    (SECRET + "\u202e" + "zaid", "contains a text-direction control character"),
    (SECRET + "\u2067", "contains a text-direction control character"),
])
def test_names_are_plain_visible_text_of_sane_length(notes_library: FormLibrary, name: str, reason: str) -> None:  # noqa: F811
    for field in ("legal_name", "preferred_name"):
        data = visit()
        data["patient"][field] = name
        problems = _problems(notes_library, data)
        assert problems == [f"patient.{field}: {reason}"]


def test_free_text_is_bounded_but_may_have_lines(notes_library: FormLibrary) -> None:  # noqa: F811
    ok = build_submission(notes_library, visit(notes="line one\nline two\tend"), kiosk_id="k", now=NOW)
    assert ok.responses["notes"].answers["concerns"] == "line one\nline two\tend"
    problems = _problems(notes_library, visit(notes=SECRET * (TEXT_MAX_CHARS // len(SECRET) + 1)))
    assert problems == [f"responses.notes.concerns: is longer than {TEXT_MAX_CHARS} characters"]
    assert _problems(notes_library, visit(notes=SECRET + "\x00")) == ["responses.notes.concerns: contains a NUL character"]


def test_a_huge_signature_is_refused(library: FormLibrary) -> None:
    from kiosk.forms.answers import check_item_answer

    form = library.form("consent")
    item = next(i for i in form.items if i.type.value == "signature")
    assert check_item_answer(form, item, signature_data_url()) is None
    padded = signature_data_url() + "A" * (SIGNATURE_MAX_BYTES * 4 // 3)
    assert check_item_answer(form, item, padded) == f"is a signature image larger than {SIGNATURE_MAX_BYTES // 1000} KB"


def test_rejected_birth_date_and_phone_are_not_echoed(notes_library: FormLibrary) -> None:  # noqa: F811
    data = visit(born="2023-02-30", phone=SECRET * 20)
    problems = _problems(notes_library, data)
    assert problems == ["patient.date_of_birth: is not a real date (YYYY-MM-DD)",
                        "patient.phone: is longer than 200 characters"]
    assert not any("2023-02-30" in p or SECRET in p for p in problems)


def test_odd_field_names_are_not_repeated(notes_library: FormLibrary) -> None:  # noqa: F811
    data = visit()
    data["patient"]["x" * 5000] = 1
    data["responses"]["phq9"][SECRET + "\ud800"] = 1
    problems = _problems(notes_library, data)
    assert all(len(p) < 120 and SECRET not in p for p in problems), problems


# --- the command line: `kiosk submit` reads a bounded, well-formed file -----------------------


@pytest.fixture
def env(tmp_path: Path, forms_dir: Path) -> dict[str, str]:  # noqa: F811
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    clean.update(KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_FORMS_DIR=str(forms_dir), KIOSK_ID="lobby-1")
    return clean


def _submit(env: dict[str, str], body: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kiosk", "submit", "--visit", "-"], env=env, input=body,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize(("body", "reason"), [
    (b'{"x": "' + b"a" * 5_000_000 + b'"}', "standard input is larger than 4 MB; a visit is far smaller"),
    (b"[" * 5000 + b"]" * 5000, "standard input nests lists or objects deeper than 64 levels"),
    (b'{"a":' * 200 + b"1" + b"}" * 200, "standard input nests lists or objects deeper than 64 levels"),
    (b'{"patient": {"legal_name": ' + b"7" * 5000 + b"}}", "standard input holds a number with more than 30 digits"),
    (b'{"patient": {"legal_name": NaN}}', "standard input holds NaN, which JSON does not allow"),
    (b'{"patient": {"legal_name": "Zelda \xff\xfe"}}', "standard input is not valid UTF-8 text (byte 34)"),
])
def test_submit_refuses_malformed_input_without_a_traceback(env: dict[str, str], body: bytes, reason: str) -> None:
    done = _submit(env, body)
    err = done.stderr.decode("utf-8")
    assert (done.returncode, done.stdout) == (2, b"")
    assert err == f"kiosk: {reason}\n"


def test_submit_refuses_a_lone_surrogate_and_a_huge_answer_in_a_few_words(env: dict[str, str]) -> None:
    data = visit(name=SECRET)
    data["responses"]["phq9"]["q1"] = SECRET * 100_000  # 1.7 MB where a code belongs
    body = json.dumps(data).replace(SECRET, SECRET + "\\ud800", 1).encode("ascii")
    done = _submit(env, body)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and "Traceback" not in err and SECRET not in err
    assert "patient.legal_name: contains a broken character (not valid Unicode)" in err
    assert "responses.phq9.q1: is not one of the allowed codes (0, 1, 2, 3)" in err
    assert len(err) < 300


def test_forms_validate_names_a_too_deep_or_too_big_file(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "deep.yaml").write_text("id: deep\nitems: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    (folder / "big.yaml").write_text("id: big\n# " + "x" * 3_000_000 + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kiosk", "forms", "validate", str(folder)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    out = done.stdout + done.stderr
    assert f"{folder / 'deep.yaml'}: (yaml): lists or mappings nest deeper than 64 levels" in out
    assert f"{folder / 'big.yaml'}: (file): larger than 2 MB; a form file is far smaller" in out


def test_a_too_deep_settings_file_is_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text("clinic_name = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kiosk", "queue"], env={**env, "KIOSK_CONFIG": str(toml)},
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, f"kiosk: {toml}: arrays or tables nest too deeply\n")


def test_a_form_may_allow_longer_free_text_up_to_a_ceiling(tmp_path: Path) -> None:
    from kiosk.forms import load_library
    from kiosk.limits import TEXT_HARD_MAX_CHARS
    from tests.report.sample_forms import long_text_form, write_forms

    library = load_library(write_forms(tmp_path / "forms", long_text_form(1, max_length=10 * TEXT_HARD_MAX_CHARS)))
    data = {"patient": {"legal_name": "Ana", "date_of_birth": "1980-01-01"}, "responses": {"journal": {}}}
    data["responses"]["journal"]["t0"] = "a" * (TEXT_MAX_CHARS + 1)
    assert build_submission(library, data, kiosk_id="k", now=NOW).responses["journal"].answers["t0"]
    data["responses"]["journal"]["t0"] = "a" * (TEXT_HARD_MAX_CHARS + 1)
    assert _problems(library, data) == [f"responses.journal.t0: is longer than {TEXT_HARD_MAX_CHARS} characters"]
