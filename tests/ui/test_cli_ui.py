"""``kiosk run`` without a display, and ``kiosk screenshots`` writing real PNGs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import install_visit_fixtures



def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def test_run_without_a_display_explains_how(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "run"], capture_output=True, text=True,
                            env=_env(KIOSK_DATA_DIR=str(tmp_path)), timeout=60)
    assert result.returncode == 4  # ExitCode.NO_DISPLAY (3 is submit's "spooled")
    # started as `python -m kiosk`, so that is what the hint says (tests/cli/test_invocation.py)
    assert "xvfb-run -a " in result.stderr and "python -m kiosk run" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_other_commands_do_not_load_qt() -> None:
    code = "import sys, kiosk.cli; kiosk.cli.build_parser(); print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False"


def test_kiosk_run_reads_its_command_line_without_the_other_commands_or_pydantic() -> None:
    """A restart's ``kiosk run`` must not pay for every other command's imports (the whole
    parser imports the settings, forms and intake models: about 0.3 s) before its picture."""
    code = ("import sys, kiosk.cli; code = kiosk.cli.main(['run', '--help']); "
            "print(code, sorted(m for m in sys.modules if m.startswith(('pydantic', 'kiosk.forms', 'kiosk.cli.store'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stdout + result.stderr
    assert "--windowed" in result.stdout  # the same help as from the whole parser
    whole = subprocess.run([sys.executable, "-m", "kiosk", "--help"], capture_output=True, text=True, timeout=60)
    assert " run " in whole.stdout and " export" in whole.stdout  # the other commands are all still there


def test_run_refuses_invalid_forms(tmp_path: Path, forms_copy: Path) -> None:
    (forms_copy / "phq9.yaml").write_text("id: phq9\nitems: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "run", "--windowed"], capture_output=True, text=True,
                            env=_env(QT_QPA_PLATFORM="offscreen", KIOSK_FORMS_DIR=str(forms_copy)), timeout=60)
    assert result.returncode == 1
    assert "invalid forms" in result.stderr and "phq9.yaml" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_screenshots_render_every_screen(tmp_path: Path, forms_copy: Path) -> None:
    install_visit_fixtures(forms_copy)
    out = tmp_path / "shots"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "screenshots", "--out", str(out), "--forms-dir", str(forms_copy), "--protocol", "visit"],
        capture_output=True, text=True, env=_env(KIOSK_DATA_DIR=str(tmp_path)), timeout=120,
    )
    assert result.returncode == 0, result.stderr
    names = {p.stem.split("_", 1)[1] for p in out.glob("*.png")}
    expected = {"attract_en", "language", "text_en", "date_rejected", "date_en", "phone_en", "yes_no_en",
                "single_choice_en", "multiple_choice_en", "number_en", "time_en", "info_en", "high_contrast",
                "high_contrast_largest_text", "critical_note_en", "review_en", "start_over_confirm",
                "timeout_warning", "signature_en", "thank_you_en", "single_choice_es", "review_es", "thank_you_es"}
    assert expected <= names, expected - names
    for path in out.glob("*.png"):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path.name
    assert time.monotonic() - started < 120
