"""The no-display hint names a command that works from where the user stands.

A newcomer ran ``.venv/bin/kiosk run`` and was told ``xvfb-run -a kiosk run``, which
failed with "kiosk: not found". Here the kiosk is started the three usual ways, and the
command the hint names is run back from the same folder.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.invocation import kiosk_command

ROOT = Path(__file__).resolve().parents[2]


def _launcher(folder: Path) -> Path:
    """A console script like pip's ``bin/kiosk``, bound to this source tree."""
    script = folder / "kiosk"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                      "from kiosk.cli import run\nrun()\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _no_display_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def _hinted(stderr: str) -> str:
    """The command in the hint's ``xvfb-run -a COMMAND run`` line, without xvfb-run and ``run``."""
    [line] = [ln.strip() for ln in stderr.splitlines() if ln.strip().startswith("xvfb-run -a ")]
    assert line.endswith(" run"), line
    return line.removeprefix("xvfb-run -a ").removesuffix(" run")


def _works(command: str, cwd: Path, env: dict[str, str]) -> None:
    """The hinted command, run from the same folder, is really the kiosk (asked for its version)."""
    done = subprocess.run([*shlex.split(command), "--version"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("kiosk "), (command, done.stderr)


def test_started_by_relative_path_hints_that_path(tmp_path: Path) -> None:
    _launcher(tmp_path / "venv" / "bin")
    env = _no_display_env(KIOSK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(["venv/bin/kiosk", "run"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == ExitCode.NO_DISPLAY, done.stderr
    assert _hinted(done.stderr) == "venv/bin/kiosk"
    _works(_hinted(done.stderr), tmp_path, env)


def test_started_from_path_hints_the_bare_name(tmp_path: Path) -> None:
    bin_dir = _launcher(tmp_path / "bin").parent
    env = _no_display_env(KIOSK_DATA_DIR=str(tmp_path / "data"), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["kiosk", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == ExitCode.NO_DISPLAY, done.stderr
    assert _hinted(done.stderr) == "kiosk"
    _works("kiosk", tmp_path, env)


def test_started_as_python_module_hints_python_m_kiosk(tmp_path: Path) -> None:
    env = _no_display_env(KIOSK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "kiosk", "run"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == ExitCode.NO_DISPLAY, done.stderr
    assert _hinted(done.stderr).endswith(" -m kiosk")
    _works(_hinted(done.stderr), ROOT, env)


def test_desk_without_display_names_the_same_command(tmp_path: Path) -> None:
    _launcher(tmp_path / "venv" / "bin")
    done = subprocess.run(["venv/bin/kiosk", "desk"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env=_no_display_env(KIOSK_DATA_DIR=str(tmp_path / "data")))
    assert done.returncode == ExitCode.NO_DISPLAY
    assert "xvfb-run -a venv/bin/kiosk desk" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("argv0", "expected"), [
    ("/outside/of/here/bin/kiosk", "/outside/of/here/bin/kiosk"),
    ("kiosk-in-cwd", "./kiosk-in-cwd"),
    ("dir with space/kiosk", "'dir with space/kiosk'"),
])
def test_paths_are_written_so_a_shell_finds_them(argv0: str, expected: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert kiosk_command(argv0) == expected
