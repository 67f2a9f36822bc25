"""Qt's harmless chatter is filtered from our commands; its real warnings still show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_slides_render_prints_only_the_files(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "slides", "render", "--out", str(tmp_path)], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr and done.stderr == ""
    written = [Path(line) for line in done.stdout.splitlines()]
    assert written and all(path.suffix == ".png" and path.exists() for path in written)


def test_filter_drops_known_noise_and_keeps_real_warnings() -> None:
    code = (
        "from PySide6.QtCore import qWarning, qCritical\n"
        "from kiosk.ui.qt_messages import application\n"
        "app = application()\n"
        "qWarning('This plugin does not support propagateSizeHints()')\n"
        "qWarning('QPainter::begin: Paint device returned engine == 0, type: 3')\n"
        "qCritical('a real error')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines == ["QPainter::begin: Paint device returned engine == 0, type: 3", "a real error"]
