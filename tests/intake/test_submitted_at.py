"""``submitted_at`` in the visit JSON: a clinic loads a patient's earlier visits."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.visit import VisitError, build_submission

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.timezone.utc)
PHQ9 = {f"q{i}": 0 for i in range(1, 10)}


def visit(**extra: object) -> dict[str, object]:
    return {"patient": {"legal_name": "Rosa Díaz", "date_of_birth": "1984-06-02"},
            "responses": {"phq9": PHQ9}, **extra}


@pytest.mark.parametrize(("given", "stored"), [
    ("2026-03-02T09:30:00-05:00", dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.timezone.utc)),
    ("2026-03-02T14:30:00Z", dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.timezone.utc)),
    ("2026-11-25T15:00:00+00:00", NOW),  # now itself is not the future
])
def test_an_earlier_visit_keeps_its_time(library: FormLibrary, given: str, stored: dt.datetime) -> None:
    sub = build_submission(library, visit(submitted_at=given), kiosk_id="desk", now=NOW)
    assert sub.created_at == stored
    assert sub.responses["phq9"].completed_at == stored


@pytest.mark.parametrize(("given", "problem"), [
    ("2026-03-02T09:30:00", "submitted_at: give the UTC offset too (e.g. 2026-03-02T09:30:00-05:00, or Z for UTC)"),
    ("2026-11-25T15:00:01+00:00", "submitted_at: is in the future"),
    ("2027-01-01T00:00:00-05:00", "submitted_at: is in the future"),
    ("last tuesday", "submitted_at: not a date and time (ISO 8601, e.g. 2026-03-02T09:30:00-05:00)"),
    ("2026-02-30T09:00:00Z", "submitted_at: not a date and time (ISO 8601, e.g. 2026-03-02T09:30:00-05:00)"),
    (1700000000, "submitted_at: must be text, a date and time such as 2026-03-02T09:30:00-05:00"),
    (None, "submitted_at: must be text, a date and time such as 2026-03-02T09:30:00-05:00"),
])
def test_a_bad_time_is_refused_clearly(library: FormLibrary, given: object, problem: str) -> None:
    with pytest.raises(VisitError) as caught:
        build_submission(library, visit(submitted_at=given), kiosk_id="desk", now=NOW)
    assert caught.value.problems == [problem]


def test_a_birth_date_after_the_visit_is_refused(library: FormLibrary) -> None:
    early = visit(submitted_at="1984-05-01T10:00:00-04:00")
    with pytest.raises(VisitError) as caught:
        build_submission(library, early, kiosk_id="desk", now=NOW)
    assert caught.value.problems == ["patient.date_of_birth: is in the future"]


def test_kiosk_submit_stores_it_and_refuses_without_echoing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | {"KIOSK_DATA_DIR": str(tmp_path)}

    def run(data: dict[str, object]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "submit", "--visit", "-"], input=json.dumps(data),
                              capture_output=True, text=True, timeout=120, check=False, env=env)

    bad = run(visit(submitted_at="Rosa 2026-03-02"))
    assert bad.returncode == 2 and "submitted_at: not a date and time" in bad.stderr
    assert "Rosa" not in bad.stderr  # neither the refused value nor the name is echoed
    good = run(visit(submitted_at="2026-03-02T09:30:00-05:00"))
    assert good.returncode == 0, good.stderr
    from kiosk.settings import Settings
    from kiosk.store import Store

    with Store.open(Settings(data_dir=tmp_path)) as store:
        found = store.find("Rosa Díaz", dt.date(1984, 6, 2), actor="test")
    assert [s.created_at for s in found] == [dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.timezone.utc)]
