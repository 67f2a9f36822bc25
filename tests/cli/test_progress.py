"""Long commands show a bar with an estimate on a terminal, and nothing when piped.

The terminal is a real pseudo-terminal (pty) holding both output streams, as an
interactive shell would; the piped runs capture both streams through pipes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.visit import build_submission
from kiosk.settings import Settings
from kiosk.store import Store
from tests.store.conftest import visit

ROOT = Path(__file__).resolve().parents[2]
BAR = re.compile(r"\d+%\|.*\| *\d+/(\d+) \[\d\d:\d\d<\d\d:\d\d")  # percent, bar, count, elapsed<left


@pytest.fixture
def day_env(tmp_path: Path, library: FormLibrary) -> dict[str, str]:
    """A SQLite store with 12 of today's visits, and the environment that points ``kiosk`` at it."""
    settings = Settings(data_dir=tmp_path / "data", id="lobby-1", key=None, pepper=None)
    now = dt.datetime.now(dt.timezone.utc)
    with Store.open(settings) as store:
        store.add_many(build_submission(library, visit(f"Pat Number{i}"), kiosk_id="lobby-1",
                                        now=now - dt.timedelta(seconds=i)) for i in range(12))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir))
    return env


def on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``kiosk ARGS`` with stdout and stderr on one pseudo-terminal; its exit code and screen."""
    leader, follower = pty.openpty()
    # a real terminal has a size; a fresh pty is 0x0, where tqdm would draw a zero-width bar
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    with subprocess.Popen([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          stdout=follower, stderr=follower) as proc:
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        code = proc.wait(timeout=300)
    os.close(leader)
    return code, screen.decode("utf-8", "replace")


def test_export_by_date_shows_progress_on_a_terminal(day_env: dict[str, str], tmp_path: Path) -> None:
    day = dt.date.today().isoformat()
    code, screen = on_a_terminal(["export", "--date", day, "--out", str(tmp_path / "out")], day_env)
    assert code == 0, screen
    assert "exporting" in screen and {int(m) for m in BAR.findall(screen)} == {12}
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 12
    assert len(re.findall(r"\d{8}-\d{4}-[0-9a-f]{8}\.pdf", screen)) == 12  # the paths, above the bar


def test_export_by_date_piped_prints_only_the_paths(day_env: dict[str, str], tmp_path: Path) -> None:
    day = dt.date.today().isoformat()
    done = subprocess.run([sys.executable, "-m", "kiosk", "export", "--date", day, "--out", str(tmp_path / "out")],
                          cwd=ROOT, env=day_env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and len(done.stdout.splitlines()) == 12
    assert all(Path(line).suffix == ".pdf" for line in done.stdout.splitlines())


def test_key_rotation_shows_progress_on_a_terminal_and_not_when_piped(day_env: dict[str, str]) -> None:
    code, screen = on_a_terminal(["key", "rotate"], day_env)
    assert code == 0, screen
    assert "re-encrypting" in screen and BAR.search(screen) and "re-encrypted 12 submission(s)" in screen
    done = subprocess.run([sys.executable, "-m", "kiosk", "key", "rotate"], cwd=ROOT, env=day_env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == "" and "re-encrypting" not in done.stdout


def test_fast_paths_do_not_import_the_progress_library() -> None:
    code = ("import sys; from kiosk.cli import main; main(['key', 'generate']); "
            "print('tqdm' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stderr.strip() == "False"
