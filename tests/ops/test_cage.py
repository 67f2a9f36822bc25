"""The lobby-tablet session for real: `kiosk run` inside cage (headless wlroots) as a Wayland
client, READY and WATCHDOG on a real notify socket, and a grim screenshot of the first slide.

cage refuses to run as root, so it runs as the dedicated user that .ci/cage.sh prepares
(KIOSK_TEST_CAGE_USER, with its own venv KIOSK_TEST_CAGE_PYTHON); the package is copied
next to it, since the checkout may sit where that user cannot read.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.paths import PROJECT_ROOT
from tests.ops.test_notify import receive, wait_for

pytestmark = pytest.mark.cage

USER = os.environ.get("KIOSK_TEST_CAGE_USER")
PYTHON = os.environ.get("KIOSK_TEST_CAGE_PYTHON")
SLIDE_BACKGROUND = QColor("#f5f7f9")


@pytest.fixture
def cage_dir() -> Iterator[Path]:
    if not (USER and PYTHON and shutil.which("cage") and shutil.which("grim")):
        if os.environ.get("CI") == "true":
            pytest.fail("cage test user not prepared: .ci/run sources .ci/cage.sh")
        pytest.skip("KIOSK_TEST_CAGE_USER/KIOSK_TEST_CAGE_PYTHON not set (see .ci/cage.sh)")
    user = pwd.getpwnam(USER)
    top = Path(tempfile.mkdtemp(prefix="kiosk-cage-", dir="/var/tmp"))
    try:
        for part in ("kiosk", "forms", "resources"):
            shutil.copytree(PROJECT_ROOT / part, top / "app" / part, ignore=shutil.ignore_patterns("__pycache__"))
        for sub in ("xdg", "data"):
            (top / sub).mkdir()
        for path in [top, *top.rglob("*")]:
            os.chown(path, user.pw_uid, user.pw_gid)
        (top / "xdg").chmod(0o700)
        top.chmod(0o755)
        yield top
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _as_user(top: Path, *command: str, **extra: str) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(top), "XDG_RUNTIME_DIR": str(top / "xdg"), **extra}
    return ["runuser", "-u", str(USER), "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *command]


def _share_of(image: QImage, colour: QColor, step: int = 8) -> float:
    hits = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            pixel = image.pixelColor(x, y)
            total += 1
            hits += all(abs(a - b) <= 6 for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3]))
    return hits / total


def test_kiosk_run_inside_cage_is_ready_pings_and_shows_the_first_slide(cage_dir: Path) -> None:
    notify = cage_dir / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    notify.chmod(0o777)  # the cage user sends to it
    command = _as_user(
        cage_dir, "cage", "-d", "--", str(PYTHON), "-m", "kiosk", "run",
        WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1",
        QT_QPA_PLATFORM="wayland", PYTHONPATH=str(cage_dir / "app"), KIOSK_DATA_DIR=str(cage_dir / "data"),
        KIOSK_CONFIG=str(cage_dir / "none.toml"), NOTIFY_SOCKET=str(notify), WATCHDOG_USEC="1000000",
    )
    session = subprocess.Popen(command, cwd=cage_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        wait_for(sock, "READY=1", 90)
        pings = receive(sock, 2.2).count("WATCHDOG=1")
        assert 3 <= pings <= 6, pings  # every 500 ms: half of WATCHDOG_USEC
        time.sleep(0.5)  # the compositor shows the frame the kiosk committed
        shot = cage_dir / "shot.png"
        subprocess.run(_as_user(cage_dir, "grim", str(shot), WAYLAND_DISPLAY="wayland-0"), check=True, timeout=30)
        image = QImage(str(shot))
        assert not image.isNull() and image.width() >= 1024
        assert _share_of(image, SLIDE_BACKGROUND) > 0.5  # the slide fills the screen
        title_band = image.copy(0, 40, image.width() // 2, 100)
        assert _share_of(title_band, QColor("#1f5f8b"), step=2) > 0.02  # the welcome title in the accent
    finally:
        if session.poll() is None:
            os.killpg(session.pid, signal.SIGTERM)
        try:
            output, _ = session.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(session.pid, signal.SIGKILL)
            output, _ = session.communicate()
        sock.close()
        log = output.decode(errors="replace")
    assert "Traceback" not in log, log[-3000:]
