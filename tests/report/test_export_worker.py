"""`kiosk export` renders in a forked worker: its failures reach the user as clear messages,
leave the visit untouched, and never leave a process behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.intake.handling import Handling
from kiosk.intake.submission import Submission
from tests.report.test_cli_report import _status_and_actions, env, run_kiosk, visits  # noqa: F401

pytestmark = pytest.mark.usefixtures("visits")


def test_invalid_forms_are_named_and_nothing_is_exported(
    env: dict[str, str], visits: tuple[Submission, Submission], tmp_path: Path  # noqa: F811
) -> None:
    visit, _ = visits
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "phq9.yaml").write_text("id: phq9\ntitle: [unclosed\n", encoding="utf-8")
    result = run_kiosk({**env, "KIOSK_FORMS_DIR": str(forms)}, "export", str(visit.id),
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"invalid forms in {forms}" in result.stderr and "phq9.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    assert _status_and_actions(env, visit)[0] == Handling()


def test_unwritable_folder_is_reported_from_the_worker(
    env: dict[str, str], visits: tuple[Submission, Submission], tmp_path: Path  # noqa: F811
) -> None:
    visit, _ = visits
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_kiosk(env, "export", str(visit.id), "--out", str(blocker / "out"))
    assert result.returncode == 1
    assert f"{visit.id}: cannot write into {blocker / 'out'}" in result.stderr
    assert "Traceback" not in result.stderr
    status, actions = _status_and_actions(env, visit)
    assert status == Handling() and not any(a.startswith("export ") for a in actions)


def test_a_worker_that_dies_is_an_export_error_not_a_hang(
    env: dict[str, str], visits: tuple[Submission, Submission]  # noqa: F811
) -> None:
    """Run in a fresh interpreter: forking this test process (which may hold Qt threads)
    is not what the command does."""
    visit, _ = visits
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from kiosk.intake.submission import Submission
        from kiosk.report.export import ExportError
        from kiosk.report.export_worker import ForkedExporter
        from kiosk.settings import load_settings

        visit = Submission.model_validate_json(sys.stdin.read())
        with ForkedExporter(load_settings()) as exporter:
            exporter.ready()
            first = exporter.export(visit, Path(sys.argv[1]), "pdf", None)
            print("first", first.name)
            os.kill(exporter._pid, signal.SIGKILL)
            try:
                exporter.export(visit, Path(sys.argv[1]), "pdf", None)
            except ExportError as exc:
                print("second", exc)
            pid = exporter._pid
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            print("reaped")
    """)
    out = Path(env["KIOSK_DATA_DIR"]).parent / "worker-out"
    result = subprocess.run([sys.executable, "-c", script, str(out)], input=visit.model_dump_json(),
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"first {next(out.iterdir()).name}"
    assert lines[1:] == ["second the export worker stopped unexpectedly", "reaped"]
