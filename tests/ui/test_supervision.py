"""The net under an unattended kiosk: watchdog pings stop with the UI thread; errors recover."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ops.notify import Notifier
from kiosk.ui.app import Kiosk
from kiosk.ui.supervision import CrashGuard, ServiceNotifier
from tests.ops.test_notify import receive, wait_for
from tests.ui.finger import Finger


def test_watchdog_pings_stop_while_the_ui_thread_is_blocked(qtbot: QtBot, kiosk: Kiosk, tmp_path: Path) -> None:
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    notifier = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"})
    try:
        service = ServiceNotifier(notifier, lambda: "spool 0 waiting", kiosk.window)
        service.start_after_paint(kiosk.window.attract)
        kiosk.window.attract.update()
        qtbot.waitUntil(lambda: service.watchdog.isActive(), timeout=5000)
        wait_for(sock, "READY=1", 1)
        qtbot.wait(1000)
        assert receive(sock, 0.05).count("WATCHDOG=1") >= 5  # alive: every 100 ms
        time.sleep(1.0)  # the UI thread is stuck: no event loop, no timer, no ping
        assert receive(sock, 0.05) == []
        qtbot.wait(500)
        assert "WATCHDOG=1" in receive(sock, 0.05)  # back as soon as the loop runs again
    finally:
        service.watchdog.stop()
        service.status_timer.stop()
        notifier.close()
        sock.close()


def test_an_error_in_a_slot_wipes_the_visit_and_shows_the_slides(
    qtbot: QtBot, kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    guard = CrashGuard(kiosk.flow.wipe)
    finger = Finger(qtbot, kiosk)
    finger.tap(kiosk.window.attract)
    finger.tap(kiosk.window.language.buttons["en"])
    assert kiosk.flow.session is not None
    secret = "Zoë Núñez 1961-02-03"
    try:
        raise ValueError(f"bad answer {secret}")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR, logger="kiosk.ui.supervision"):
            guard.handle(type(exc), exc, exc.__traceback__)
    assert kiosk.flow.session is None
    assert kiosk.window.current_screen() is kiosk.window.attract
    assert not guard.exited
    assert "ValueError" in caplog.text and "Zoë" not in caplog.text and "1961" not in caplog.text


SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from kiosk.forms import load_library
from kiosk.settings import Settings
from kiosk.ui.app import build_kiosk
from kiosk.ui.supervision import CrashGuard

app = QApplication(sys.argv[:1])
settings = Settings()
kiosk = build_kiosk(settings, load_library(settings.forms_dir), lambda submission: None)
kiosk.window.unlock()
kiosk.window.show()
CrashGuard(kiosk.flow.wipe).install()
def boom() -> None:
    raise RuntimeError("a slot failed")
for delay in (100, 200, 300):
    QTimer.singleShot(delay, boom)
QTimer.singleShot(5000, lambda: app.exit(0))  # not reached when the guard exits first
sys.exit(app.exec())
"""


def test_three_errors_within_a_minute_exit_for_a_restart(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 70, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_errors_spread_over_more_than_a_minute_do_not_exit() -> None:
    now = [0.0]
    recovered: list[int] = []
    guard = CrashGuard(lambda: recovered.append(1), clock=lambda: now[0])
    for moment in (0.0, 40.0, 90.0, 140.0):
        now[0] = moment
        try:
            raise RuntimeError("x")
        except RuntimeError as exc:
            guard.handle(type(exc), exc, exc.__traceback__)
    assert not guard.exited and len(recovered) == 4


def test_a_failing_health_check_shows_staff_a_line_until_it_passes(qtbot: QtBot, kiosk: Kiosk, settings) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ops.checks import kiosk_checks
    from kiosk.ui.supervision import HealthWatch

    current = {"settings": settings.model_copy(update={"printer": "no-such-queue"})}
    kiosk.window.notify_staff("● 1 check-in(s) saved offline — tell staff")
    watch = HealthWatch(kiosk.window, lambda: kiosk_checks(current["settings"]), every_ms=60_000, first_ms=0)
    notice = kiosk.window.staff_notice
    qtbot.waitUntil(lambda: "printer" in notice.text(), timeout=30_000)
    assert notice.isVisible() and "saved offline" in notice.text()  # the other note stays
    assert [r.name for r in watch.last if r.status == "fail"] == ["printer"]
    current["settings"] = settings  # the printer is fixed (none configured: a warning only)
    watch.check_now()
    qtbot.waitUntil(lambda: "printer" not in notice.text(), timeout=30_000)
    assert notice.text() == "● 1 check-in(s) saved offline — tell staff"
    watch.timer.stop()
