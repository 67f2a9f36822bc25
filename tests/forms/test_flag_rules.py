"""Flag categories, licensed forms and the fasting conditions, as a clinic editing YAML or
setting KIOSK_* meets them: clear messages, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.forms import FormLoadError, load_library
from kiosk.forms.loader import validate_directory
from kiosk.forms.rules import ClinicRules
from kiosk.settings import Settings
from tests.forms.test_malformed_files import _break, _problems


def test_a_flag_without_a_category_is_refused(forms_copy: Path) -> None:
    phq9 = _break(forms_copy, "phq9.yaml", "    category: crisis\n", "")
    assert _problems(forms_copy) == [f"{phq9}: flags.phq9_item9.category: missing field"]


def test_an_unknown_category_names_the_allowed_ones(forms_copy: Path) -> None:
    phq9 = _break(forms_copy, "phq9.yaml", "    category: crisis\n", "    category: urgent\n")
    assert _problems(forms_copy) == [
        f"{phq9}: flags.phq9_item9.category: unknown value 'urgent' (allowed: crisis, infusion, clinical)"
    ]


def _use_cssrs(forms_copy: Path) -> Path:
    path = forms_copy / "protocols" / "default.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(", asq,", ", cssrs,"), encoding="utf-8")
    return path


def test_a_protocol_using_an_unlicensed_form_refuses_to_load(forms_copy: Path) -> None:
    protocol = _use_cssrs(forms_copy)
    problems = _problems(forms_copy)
    assert len(problems) == 1
    assert problems[0].startswith(f"{protocol}: forms: uses form 'cssrs', which needs a licence (C-SSRS")
    assert "add cssrs to KIOSK_LICENSED_FORMS" in problems[0]


def test_the_licensed_form_loads_once_the_settings_list_it(forms_copy: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _use_cssrs(forms_copy)
    monkeypatch.setenv("KIOSK_LICENSED_FORMS", " gad7 , cssrs")
    rules = Settings().clinic_rules()
    assert rules.licensed_forms == frozenset({"gad7", "cssrs"})
    assert "cssrs" in load_library(forms_copy, rules).protocol().forms
    assert validate_directory(forms_copy, ClinicRules(licensed_forms=frozenset({"asq"}))) != []


def test_a_bundled_but_unused_licensed_form_is_fine(forms_copy: Path) -> None:
    assert "cssrs" in load_library(forms_copy).forms  # shipped for licensed clinics, not run


def test_validate_command_names_the_setting(forms_copy: Path) -> None:
    _use_cssrs(forms_copy)
    run = subprocess.run([sys.executable, "-m", "kiosk", "forms", "validate", str(forms_copy)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 1 and "KIOSK_LICENSED_FORMS" in run.stdout and run.stderr == ""


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("{hours_since: last_food_time,", "{hours_since: last_meal,",
         "flags.fasting_food.when.0: names unknown item 'last_meal'"),
        ("{hours_since: last_food_time,", "{hours_since: glaucoma,",
         "flags.fasting_food.when.0: hours_since needs a time item; 'glaucoma' is a yes_no item"),
        ('{hours_since: last_food_time, operator: "<", setting: fasting_food_hours}',
         '{hours_since: last_food_time, operator: "<", value: "six"}',
         "flags.fasting_food.when.0: hours_since compares with a number of hours"),
        ("setting: fasting_food_hours}", "setting: fasting_hours}",
         "flags.fasting_food.when.0.setting: unknown value 'fasting_hours' "
         "(allowed: fasting_food_hours, fasting_clear_hours)"),
        ('{hours_since: last_food_time, operator: "<",', '{hours_since: last_food_time, operator: "==",',
         "flags.fasting_food.when.0: hours_since compares with one of >=, >, <=, <"),
    ],
)
def test_bad_fasting_conditions(forms_copy: Path, old: str, new: str, problem: str) -> None:
    safety = _break(forms_copy, "safety.yaml", old, new)
    assert _problems(forms_copy) == [f"{safety}: {problem}"]


@pytest.mark.parametrize("value", ["-1", "25", "six"])
def test_a_bad_fasting_setting_names_the_variable(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.settings import SettingsError, load_settings

    monkeypatch.setenv("KIOSK_FASTING_FOOD_HOURS", value)
    with pytest.raises(SettingsError, match="KIOSK_FASTING_FOOD_HOURS"):
        load_settings()


def test_unlicensed_protocol_stops_the_kiosk_with_the_message(forms_copy: Path) -> None:
    _use_cssrs(forms_copy)
    with pytest.raises(FormLoadError, match="KIOSK_LICENSED_FORMS"):
        load_library(forms_copy)
