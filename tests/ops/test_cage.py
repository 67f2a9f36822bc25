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


class Session:
    """One `kiosk run` inside cage as the cage user, READY awaited on a real notify socket."""

    def __init__(self, cage_dir: Path, name: str) -> None:
        self.top = cage_dir
        notify = cage_dir / f"{name}.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(notify))
        notify.chmod(0o777)  # the cage user sends to it
        command = _as_user(
            cage_dir, "cage", "-d", "--", str(PYTHON), "-m", "kiosk", "run",
            WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1",
            QT_QPA_PLATFORM="wayland", PYTHONPATH=str(cage_dir / "app"), KIOSK_DATA_DIR=str(cage_dir / "data"),
            KIOSK_CONFIG=str(cage_dir / "none.toml"), NOTIFY_SOCKET=str(notify), WATCHDOG_USEC="1000000",
        )
        self.process = subprocess.Popen(command, cwd=cage_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.log = ""

    def screenshot(self) -> QImage:
        time.sleep(0.5)  # the compositor shows the frame the kiosk committed
        shot = self.top / "shot.png"
        subprocess.run(_as_user(self.top, "grim", str(shot), WAYLAND_DISPLAY="wayland-0"), check=True, timeout=30)
        image = QImage(str(shot))
        assert not image.isNull() and image.width() >= 1024
        return image

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            output, _ = self.process.communicate()
        self.sock.close()
        self.log = output.decode(errors="replace")


def _shows_the_first_slide(image: QImage) -> None:
    assert _share_of(image, SLIDE_BACKGROUND) > 0.5  # the slide fills the screen
    title_band = image.copy(0, 40, image.width() // 2, 100)
    assert _share_of(title_band, QColor("#1f5f8b"), step=2) > 0.02  # the welcome title in the accent


def test_kiosk_run_inside_cage_is_ready_pings_and_shows_the_first_slide(cage_dir: Path) -> None:
    """Then a restart (kiosk.ui.launch): the first run kept a picture of its first slide; the
    second shows it first and, once live, its own window in the compositor instead. The
    picture is made red here, so a picture window left on top would show."""
    first = Session(cage_dir, "first")
    try:
        wait_for(first.sock, "READY=1", 90)
        pings = receive(first.sock, 2.2).count("WATCHDOG=1")
        assert 3 <= pings <= 6, pings  # every 500 ms: half of WATCHDOG_USEC
        _shows_the_first_slide(first.screenshot())
    finally:
        first.stop()
    assert "Traceback" not in first.log, first.log[-3000:]
    kept = list((cage_dir / "data" / "launch").glob("first-slide-*.png"))
    assert len(kept) == 1, "the first run kept no picture of its first slide"
    picture = QImage(str(kept[0]))
    picture.fill(QColor("#d00000"))
    assert picture.save(str(kept[0]))
    again = Session(cage_dir, "again")
    try:
        wait_for(again.sock, "READY=1", 90)
        shot = again.screenshot()
        _shows_the_first_slide(shot)
        assert _share_of(shot, QColor("#d00000")) < 0.01, "the launch picture stayed on screen"
    finally:
        again.stop()
    assert "Traceback" not in again.log, again.log[-3000:]
    events = (cage_dir / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert events.count('"launch_picture_replaced"') == 1  # the second run's picture was up first
    assert QImage(str(kept[0])).pixelColor(5, 5) != QColor("#d00000")  # the changed slide was kept anew
