"""`kiosk export` and `kiosk print` as processes, against a real store in a temp folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from sqlalchemy import select

from kiosk.forms import FormLibrary
from kiosk.intake.handling import Handling
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report.export import export_folder
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import audit_log
from tests.report.full_visit import full_visit, previous_visit
from tests.report.test_printing import wait_for_output
from tests.services import unavailable

PRINTER = os.environ.get("KIOSK_TEST_PRINTER")
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=5)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A kiosk environment of its own: data folder, SQLite store, no printer."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return {**clean, "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_CLINIC_NAME": "Riverside"}


def _store(env: dict[str, str]) -> Store:
    return Store.open(Settings(data_dir=Path(env["KIOSK_DATA_DIR"])))


@pytest.fixture
def visits(library: FormLibrary, env: dict[str, str]) -> tuple[Submission, Submission]:
    """Today's full visit and the same patient's visit four weeks ago, stored."""
    before = build_submission(library, previous_visit(), kiosk_id="lobby-1", now=NOW - dt.timedelta(days=28))
    visit = build_submission(library, full_visit(), kiosk_id="lobby-1", now=NOW)
    with _store(env) as store:
        store.add(before)
        store.add(visit)
    return visit, before


def run_kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def _status_and_actions(env: dict[str, str], visit: Submission) -> tuple[Handling, list[str]]:
    """The visit's facts (reviewed, printed, exported) and its audit rows' action and detail."""
    with _store(env) as store:
        status = store.get(visit.id, actor="test").handling
        with store.engine.connect() as conn:
            rows = conn.execute(select(audit_log.c.action, audit_log.c.detail)
                                .where(audit_log.c.submission_id == visit.id)).all()
    return status, [f"{a} {d}" for a, d in rows]


def test_export_pdf_by_id(env: dict[str, str], visits: tuple[Submission, Submission], tmp_path: Path) -> None:
    visit, _ = visits
    out = tmp_path / "out"
    result = run_kiosk(env, "export", str(visit.id), "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == out and re.fullmatch(rf"\d{{8}}-\d{{4}}-{visit.id.hex[:8]}\.pdf", path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "María José Núñez" in first and "NEEDS ATTENTION" in first
    # previous visit via blind index: its value on page 1's chart, the change in the score table
    # (on page 2 here: the flags and eight charts fill page 1, see kiosk.report.pdf_fit)
    assert "baseline 34, latest 26" in first
    second = " ".join(PdfReader(path).pages[1].extract_text().split())
    assert "Change since" in first + second and "▼ down 8 (was 34)" in first + second
    status, actions = _status_and_actions(env, visit)
    assert status.exported is not None and status.exported.by.startswith("cli:") and status.reviewed is None
    assert f"export format:pdf file:{path.name}" in actions
    assert "María" not in result.stdout + result.stderr


def test_export_by_date_and_unknown_id(env: dict[str, str], visits: tuple[Submission, Submission],
                                       tmp_path: Path) -> None:
    visit, before = visits
    day = NOW.astimezone().date().isoformat()
    result = run_kiosk(env, "export", "--date", day, "--out", str(tmp_path / "day"))
    assert result.returncode == 0, result.stderr
    assert [Path(line).name[-12:-4] for line in result.stdout.split()] == [visit.id.hex[:8]]
    missing = "00000000-0000-4000-8000-000000000000"
    result = run_kiosk(env, "export", missing, "--out", str(tmp_path / "day"))
    assert result.returncode == 1 and f"{missing}: no submission" in result.stderr
    assert _status_and_actions(env, before)[0] == Handling()


def test_export_without_out_uses_the_desk_folder_and_says_so(
    env: dict[str, str], visits: tuple[Submission, Submission]
) -> None:
    visit, _ = visits
    result = run_kiosk(env, "export", visit.id.hex[:8])
    assert result.returncode == 0, result.stderr
    folder = export_folder(Settings(data_dir=Path(env["KIOSK_DATA_DIR"])))  # the desk's rule
    assert Path(result.stdout.strip()).parent == folder == Path(env["KIOSK_DATA_DIR"]) / "exports"
    assert f"wrote 1 file(s) into {folder.resolve()}" in result.stderr
    result = run_kiosk(env, "export", "--out", "x")
    assert result.returncode == 2 and "submission IDs or --date" in result.stderr


def test_export_and_print_take_the_short_id(env: dict[str, str], visits: tuple[Submission, Submission],
                                           tmp_path: Path) -> None:
    visit, before = visits
    out = tmp_path / "out"
    first = run_kiosk(env, "export", visit.id.hex[:8], "--out", str(out))
    assert first.returncode == 0, first.stderr
    short = Path(first.stdout.strip()).stem.rsplit("-", 1)[1]  # as read off the file name
    again = run_kiosk(env, "export", short, str(before.id)[:13].upper(), "--out", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    assert [Path(p).stem[-8:] for p in again.stdout.split()] == [visit.id.hex[:8], before.id.hex[:8]]
    printed = run_kiosk({**env, "KIOSK_PRINTER": "NoSuchPrinter"}, "print", short)
    assert printed.returncode == 1 and "is not a submission id" not in printed.stderr
    assert f"{visit.id}: printer 'NoSuchPrinter'" in printed.stderr or "CUPS client" in printed.stderr


def test_short_ids_that_are_ambiguous_short_or_unknown_are_refused(
    env: dict[str, str], library: FormLibrary, tmp_path: Path
) -> None:
    twins = [build_submission(library, full_visit(), kiosk_id="lobby-1", now=NOW).model_copy(
        update={"id": uuid.UUID(f"feedbeef-{n}000-4000-8000-000000000000")}) for n in (1, 2)]
    with _store(env) as store:
        store.add_many(twins)
    out = str(tmp_path / "out")
    result = run_kiosk(env, "export", "feedbeef", "--out", out)
    assert result.returncode == 1 and "feedbeef: " in result.stderr and "give more characters" in result.stderr
    assert "María" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    result = run_kiosk(env, "export", "feedbeef-2", "--out", out)
    assert result.returncode == 0 and result.stdout.strip().endswith("-feedbeef.pdf"), result.stderr
    result = run_kiosk(env, "export", "feedbee", "--out", out)
    assert result.returncode == 2 and "at least 8 characters" in result.stderr
    result = run_kiosk(env, "print", "0badc0de")
    assert result.returncode == 2 and "KIOSK_PRINTER" in result.stderr  # the missing printer first
    result = run_kiosk({**env, "KIOSK_PRINTER": "NoSuchPrinter"}, "print", "0badc0de")
    assert result.returncode == 1 and "0badc0de: no submission" in result.stderr


def test_print_without_a_printer_is_refused_and_queues_nothing(
    env: dict[str, str], visits: tuple[Submission, Submission]
) -> None:
    visit, _ = visits
    result = run_kiosk(env, "print", str(visit.id))
    assert result.returncode == 2, result.stderr
    assert "no printer is configured: set KIOSK_PRINTER" in result.stderr
    assert "retry" not in result.stderr  # nothing a retry could fix
    assert run_kiosk(env, "print", "--list").stdout.strip() == "[]"
    status, actions = _status_and_actions(env, visit)
    assert status == Handling() and not any(a.startswith("print") for a in actions)


def test_fhir_export(env: dict[str, str], visits: tuple[Submission, Submission], tmp_path: Path) -> None:
    visit, _ = visits
    result = run_kiosk(env, "export", str(visit.id), "--format", "fhir", "--out", str(tmp_path / "fhir"))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert re.fullmatch(rf"\d{{8}}-\d{{4}}-{visit.id.hex[:8]}\.json", path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert '"resourceType": "Bundle"' in path.read_text(encoding="utf-8")
    status, actions = _status_and_actions(env, visit)
    assert status.exported is not None and f"export format:fhir file:{path.name}" in actions


def test_print_to_missing_printer_leaves_visit_untouched_then_retry(
    env: dict[str, str], visits: tuple[Submission, Submission]
) -> None:
    visit, _ = visits
    result = run_kiosk({**env, "KIOSK_PRINTER": "NoSuchPrinter"}, "print", str(visit.id))
    assert result.returncode == 1
    assert "printer 'NoSuchPrinter' is not available" in result.stderr or "CUPS client" in result.stderr
    assert "kiosk print --retry" in result.stderr
    status, actions = _status_and_actions(env, visit)
    assert status == Handling() and any(a.startswith("print.failed") for a in actions)
    listed = run_kiosk(env, "print", "--list")
    assert listed.returncode == 0 and '"status": "failed"' in listed.stdout
    assert str(visit.id) in listed.stdout and "María" not in listed.stdout
    if not PRINTER:
        unavailable("KIOSK_TEST_PRINTER not set: the retry to a real printer is not run")
    retried = run_kiosk({**env, "KIOSK_PRINTER": PRINTER}, "print", "--retry")
    assert retried.returncode == 0, retried.stderr  # the fixed setting is used for the retry
    assert f"{visit.id}: sent to {PRINTER}" in retried.stdout
    cups_out = os.environ.get("KIOSK_TEST_CUPS_OUT")
    if cups_out:
        wait_for_output(Path(cups_out), visit.id.hex[:8]).unlink()
    status, actions = _status_and_actions(env, visit)
    assert status.printed is not None and status.exported is None
    assert any(a.startswith(f"print printer:{PRINTER}") for a in actions)
    assert run_kiosk(env, "print", "--retry").stdout.strip() == "print queue is empty"


def test_review_then_export_and_print_keep_the_review(
    env: dict[str, str], visits: tuple[Submission, Submission], tmp_path: Path
) -> None:
    """Issue #15: reviewed, exported and printed are separate facts; none undoes another."""
    visit, before = visits
    reviewed = run_kiosk(env, "review", visit.id.hex[:8])
    assert reviewed.returncode == 0, reviewed.stderr
    assert reviewed.stdout.startswith(f"{visit.id}: Reviewed by cli:")
    first, _ = _status_and_actions(env, visit)
    assert first.reviewed is not None and first.reviewed.at is not None
    assert run_kiosk(env, "export", str(visit.id), "--out", str(tmp_path / "out")).returncode == 0
    again = run_kiosk(env, "review", str(visit.id))  # a second review keeps the first reviewer and time
    assert again.returncode == 0 and again.stdout == reviewed.stdout
    status, actions = _status_and_actions(env, visit)
    assert status.reviewed == first.reviewed and status.exported is not None and status.printed is None
    assert [a for a in actions if a.startswith("review")] == ["review "]
    listed = run_kiosk(env, "queue", "--json", "--date", NOW.astimezone().date().isoformat())
    entry = next(e for e in json.loads(listed.stdout) if e["id"] == str(visit.id))
    assert entry["reviewed"]["by"] == first.reviewed.by and entry["exported"]["by"].startswith("cli:")
    assert entry["printed"] is None
    for name in ("new", "reviewed", "exported", "printed"):
        shown = run_kiosk(env, "queue", "--json", "--status", name, "--date", NOW.astimezone().date().isoformat())
        assert [e["id"] for e in json.loads(shown.stdout)] == ([] if name in ("new", "printed") else [str(visit.id)])
    table = run_kiosk(env, "queue", "--date", NOW.astimezone().date().isoformat()).stdout.splitlines()
    assert table[0].split()[4:7] == ["Reviewed", "Printed", "Exported"]
    missing = run_kiosk(env, "review", "00000000-0000-4000-8000-000000000000")
    assert missing.returncode == 1 and "no submission" in missing.stderr and "Traceback" not in missing.stderr
    assert _status_and_actions(env, before)[0] == Handling()
