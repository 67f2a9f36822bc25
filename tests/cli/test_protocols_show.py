"""``kiosk protocols show``: which forms a visit of each appointment type runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _kiosk(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk", "protocols", "show", *args], capture_output=True,
                          text=True, timeout=60, check=False, env={**clean, **env})


def test_every_type_with_its_forms(tmp_path: Path) -> None:
    run = _kiosk(KIOSK_DATA_DIR=str(tmp_path))
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [
        "first_consult: default (First consultation): checkin, usaudit (at most every 365 days), drinking, craving, "
        "phq9, gad7, asq, safety, consent",
        "infusion: infusion (Infusion session): checkin, phq9, gad7, asq, drinking, craving, safety, consent",
        "follow_up: follow_up (Follow-up visit): checkin, phq9, gad7, asq, drinking, craving",
        "other: default (First consultation): checkin, usaudit (at most every 365 days), drinking, craving, "
        "phq9, gad7, asq, safety, consent",
    ]


def test_one_type_as_json(tmp_path: Path) -> None:
    run = _kiosk("--appointment", "follow_up", "--json", KIOSK_DATA_DIR=str(tmp_path))
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)
    assert shown["fixed_protocol"] is None
    visit = shown["appointment_types"]["follow_up"]
    assert (visit["protocol"], visit["title"]) == ("follow_up", "Follow-up visit")
    assert [f["id"] for f in visit["forms"]] == ["checkin", "phq9", "gad7", "asq", "drinking", "craving"]
    assert visit["forms"][4] == {"id": "drinking", "title": "Drinking", "at_most_every_days": None}


def test_a_fixed_protocol_is_said_and_used(tmp_path: Path) -> None:
    run = _kiosk("--appointment", "infusion", KIOSK_DATA_DIR=str(tmp_path), KIOSK_PROTOCOL="follow_up")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "KIOSK_PROTOCOL=follow_up: every visit runs this one list, whatever its appointment type",
        "infusion: follow_up (Follow-up visit): checkin, phq9, gad7, asq, drinking, craving",
    ]


def test_unknown_type_and_unknown_fixed_protocol_are_usage_errors(tmp_path: Path) -> None:
    run = _kiosk("--appointment", "walk_in", KIOSK_DATA_DIR=str(tmp_path))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == ("kiosk: unknown appointment type 'walk_in' (the check-in offers: first_consult, "
                          "infusion, follow_up, other)\n")
    run = _kiosk(KIOSK_DATA_DIR=str(tmp_path), KIOSK_PROTOCOL="nightly")
    assert run.returncode == 2 and "KIOSK_PROTOCOL names unknown protocol 'nightly'" in run.stderr


def test_invalid_forms_are_a_failure_naming_the_fix(tmp_path: Path, forms_copy: Path) -> None:
    path = forms_copy / "protocols" / "infusion.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("appointment_types: [infusion]", "appointment_types: []"),
                    encoding="utf-8")
    run = _kiosk("--forms-dir", str(forms_copy), KIOSK_DATA_DIR=str(tmp_path))
    assert run.returncode == 1
    assert "no protocol serves appointment type 'infusion'" in run.stderr
