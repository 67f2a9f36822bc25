"""The ``kiosk`` entry point: --version, help when no command, exit codes, closed pipes."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from kiosk.cli.exit_codes import ExitCode
from kiosk.forms import FormLibrary
from kiosk.intake.visit import build_submission
from kiosk.settings import Settings
from kiosk.store import Store
from tests.store.conftest import visit

ROOT = Path(__file__).resolve().parents[2]
VISITS = 300  # `queue --json` then writes more than a pipe holds (64 KiB): it must meet the close


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_version() -> None:
    done = kiosk("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"kiosk {version('lobby-kiosk')}"


@pytest.mark.parametrize("args", [(), ("key",), ("forms",), ("staff",)])
def test_a_command_group_alone_lists_its_commands(args: tuple[str, ...]) -> None:
    done = kiosk(*args)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith(f"usage: kiosk {' '.join(args)}".rstrip())
    listed = set(re.findall(r"^    (\S+)", done.stdout, flags=re.M))
    expected = {"run", "export", "print", "queue", "submit", "desk"} if not args else set()
    assert listed and expected <= listed


def test_readme_exit_code_table_matches_the_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = dict(re.findall(r"^\| (\d+) \| `(\w+)` \|", section, flags=re.M))
    assert rows == {str(int(code)): code.name for code in ExitCode}
    assert len({int(c) for c in ExitCode}) == len(ExitCode)  # one meaning per number


@pytest.fixture
def busy_env(tmp_path: Path, library: FormLibrary) -> dict[str, str]:
    """A SQLite store holding today's visits, and the environment that points ``kiosk`` at it."""
    settings = Settings(data_dir=tmp_path / "data", id="lobby-1", key=None, pepper=None)
    now = dt.datetime.now(dt.timezone.utc)
    with Store.open(settings) as store:
        store.add_many(build_submission(library, visit(f"Pat Number{i}", total=i % 20), kiosk_id="lobby-1",
                                        now=now - dt.timedelta(seconds=i)) for i in range(VISITS))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir))
    return env


@pytest.mark.parametrize("args", [("queue", "--json"), ("queue",), ("key", "generate"), ("--version",),
                                  ("print", "--list")])
def test_closed_pipe_ends_quietly(args: tuple[str, ...], busy_env: dict[str, str]) -> None:
    """``kiosk queue --json | head``: the reader is gone before we write a byte."""
    with subprocess.Popen([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=busy_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert stderr == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert code == ExitCode.PIPE_CLOSED


def test_head_reads_the_start_of_a_long_queue(busy_env: dict[str, str]) -> None:
    """The real pipeline: ``head`` takes a few lines and closes while we are still writing."""
    command = f"{sys.executable} -m kiosk queue --json | head -n 3; echo \"status:${{PIPESTATUS[0]}}\""
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=busy_env, capture_output=True, text=True,
                          timeout=120)
    lines = done.stdout.splitlines()
    assert lines[:2] == ["[", "  {"] and lines[-1] == f"status:{int(ExitCode.PIPE_CLOSED)}"
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
