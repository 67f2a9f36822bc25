"""The launch picture (issue #16, fast recovery): after a restart the last run's picture of the
first slide is up before the kiosk is built, then the real slides take over.

Real kiosks (Startup with its store in the test's data folder) and real files; what is
checked is what a patient and the clinic would see: the picture first, a tap on it kept,
never a picture of anything but the slides, a broken or foreign file ignored.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.ui.launch import Launcher, picture_path, wait_for_picture
from kiosk.ui.sizes import TABLET_SIZE
from kiosk.ui.startup import Startup
from tests.ui.finger import touch_device

ROOT = Path(__file__).resolve().parents[2]
SIZE = QSize(*TABLET_SIZE)


@pytest.fixture
def launches(qtbot: QtBot, settings: Settings, visit_library: FormLibrary) -> Iterator[Callable[..., Launcher]]:
    """Starts of the kiosk in one data folder, as ``kiosk run --windowed`` makes them (or
    ``kiosk run``: ``fullscreen=True``); each stopped (store closed, window unlocked) at the end."""
    made: list[Launcher] = []

    def build() -> Startup:
        return Startup(settings, lambda: visit_library)

    def launch(fullscreen: bool = False) -> Launcher:
        show = (lambda window: window.showFullScreen()) if fullscreen else (lambda window: window.show())
        launcher = Launcher(settings.data_dir, build, show, fullscreen=fullscreen)
        made.append(launcher)
        return launcher

    yield launch
    for launcher in made:
        if launcher.picture is not None:
            launcher.picture.close()
        startup = launcher.startup
        if startup is None:
            continue
        link = startup.link
        if link is not None:
            qtbot.waitUntil(lambda: link.store is not None or link.problem is not None, timeout=15000)
        if startup.kiosk is not None:
            startup.kiosk.flow.idle.stop()
        startup.window.unlock()
        startup.window.close()
        launcher.close()


def _live(qtbot: QtBot, launcher: Launcher) -> Startup:
    qtbot.waitUntil(lambda: launcher.startup is not None and launcher.startup.kiosk is not None, timeout=15000)
    assert launcher.startup is not None
    return launcher.startup


def test_a_first_start_draws_the_slides_itself_and_keeps_a_private_picture_of_the_first_one(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings,
) -> None:
    launcher = launches()
    assert launcher.picture is None and launcher.startup is not None  # nothing kept yet: built at once
    assert wait_for_picture(launcher)
    path = picture_path(settings.data_dir, SIZE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    kept = QImage(str(path))
    startup = _live(qtbot, launcher)
    assert startup.window.current_screen() is startup.window.attract
    shown = startup.window.grab().toImage()
    assert kept.size() == SIZE
    # the picture is the slide the window drew: same pixels where the slide is (the
    # read-aloud button comes on later, after the picture, in the bottom bar's corner)
    assert kept.copy(0, 0, SIZE.width(), 600) == shown.copy(0, 0, SIZE.width(), 600)
    assert not list(path.parent.glob(".part-*")), "a half-written picture was left behind"


def test_a_restart_shows_the_picture_first_then_the_live_slides_replace_it(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings,
) -> None:
    assert wait_for_picture(launches())
    path = picture_path(settings.data_dir, SIZE)
    written = path.stat().st_mtime_ns
    again = launches()
    assert again.picture is not None and again.startup is None  # the picture, nothing built yet
    picture = again.picture
    assert "Tap anywhere to check in" in picture.accessibleName()  # not a nameless image to a screen reader
    startup = _live(qtbot, again)
    qtbot.waitUntil(lambda: again.picture is None, timeout=5000)
    assert not isValid(picture) and startup.window.isVisible()  # taken down and deleted
    assert wait_for_picture(again)
    assert path.stat().st_mtime_ns == written  # the same first slide: the file is kept as it was


def _white_picture(path: Path) -> QImage:
    image = QImage(*TABLET_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))
    return QImage(str(path))


def test_a_tap_on_the_picture_starts_the_check_in_once_the_kiosk_is_live_and_no_picture_is_taken(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings,
) -> None:
    path = picture_path(settings.data_dir, SIZE)
    white = _white_picture(path)  # unlike the slide: a picture taken after the tap would replace it
    launcher = launches()
    picture = launcher.picture
    assert picture is not None
    qtbot.waitExposed(picture)
    QTest.touchEvent(picture, touch_device()).press(0, picture.rect().center()).commit()
    QTest.touchEvent(picture, touch_device()).release(0, picture.rect().center()).commit()
    startup = _live(qtbot, launcher)
    kiosk = startup.kiosk
    assert kiosk is not None
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.language, timeout=5000)
    assert kiosk.flow.session is not None  # the tap on the picture began a check-in
    assert wait_for_picture(launcher)
    assert QImage(str(path)) == white, "a picture was taken while a check-in was on screen"
    assert sorted(path.parent.iterdir()) == [path]


def test_a_changed_first_slide_replaces_the_picture(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings,
) -> None:
    path = picture_path(settings.data_dir, SIZE)
    white = _white_picture(path)  # what an earlier run drew (the clinic has changed its slides since)
    launcher = launches()
    assert launcher.picture is not None
    _live(qtbot, launcher)
    assert wait_for_picture(launcher)
    assert QImage(str(path)) != white and QImage(str(path)).size() == SIZE


@pytest.mark.parametrize("content", ["garbage", "other size"])
def test_a_broken_or_foreign_picture_is_ignored_and_replaced(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings, content: str,
) -> None:
    path = picture_path(settings.data_dir, SIZE)
    path.parent.mkdir(parents=True)
    if content == "garbage":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    else:
        image = QImage(640, 400, QImage.Format.Format_RGB32)
        image.fill(QColor("red"))
        assert image.save(str(path))
    launcher = launches()
    assert launcher.picture is None and launcher.startup is not None
    assert wait_for_picture(launcher)
    assert QImage(str(path)).size() == SIZE


def test_a_picture_that_cannot_be_written_costs_only_the_picture(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings,
) -> None:
    if os.geteuid() == 0:
        blocked = picture_path(settings.data_dir, SIZE).parent
        blocked.parent.mkdir(parents=True, exist_ok=True)
        blocked.write_text("a file where the folder should be")  # root ignores modes; this it cannot pass
    else:
        settings.data_dir.chmod(0o500)
    try:
        launcher = launches()
        assert wait_for_picture(launcher)
        startup = _live(qtbot, launcher)
        assert startup.window.current_screen() is startup.window.attract and isinstance(startup.window, QWidget)
    finally:
        settings.data_dir.chmod(0o700)


def test_kiosk_run_with_bad_settings_and_a_picture_says_what_is_wrong_without_a_traceback(tmp_path: Path) -> None:
    """The settings are read behind the picture now: a bad value still ends ``kiosk run`` with
    the message naming it and the usage exit code, as before."""
    _white_picture(picture_path(tmp_path, SIZE))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(tmp_path),
           "KIOSK_IDLE_TIMEOUT": "soon", "KIOSK_CONFIG": str(tmp_path / "none.toml")}
    out = subprocess.run([sys.executable, "-m", "kiosk", "run", "--windowed"], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert out.returncode == 2, out.stderr[-2000:]
    assert "KIOSK_IDLE_TIMEOUT" in out.stderr and "Traceback" not in out.stderr


def test_full_screen_the_picture_has_the_screens_size_and_is_shown_at_the_next_start(
    qtbot: QtBot, launches: Callable[..., Launcher], settings: Settings,
) -> None:
    """Full screen the picture is looked up by the screen's size, so it is taken at that size
    (a compositor may first paint the window at its own size: tests/ops/test_cage.py)."""
    screen = QApplication.primaryScreen()
    assert screen is not None and screen.size() != SIZE  # else this test would prove nothing
    assert wait_for_picture(launches(fullscreen=True))
    kept = QImage(str(picture_path(settings.data_dir, screen.size())))
    assert kept.size() == screen.size()
    assert not picture_path(settings.data_dir, SIZE).exists()
    again = launches(fullscreen=True)
    assert again.picture is not None
    _live(qtbot, again)
