"""systemd's notify protocol on a real datagram socket: READY, WATCHDOG pace, STOPPING."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.ops.notify import Notifier


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    yield sock, path
    sock.close()


def receive(sock: socket.socket, seconds: float) -> list[str]:
    """Every message that arrives within ``seconds``."""
    messages, end = [], time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if ready:
            messages.append(sock.recv(4096).decode())
    return messages


def wait_for(sock: socket.socket, line: str, seconds: float) -> list[str]:
    """Messages up to and including the first holding ``line``; fails after ``seconds``."""
    seen, end = [], time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if ready:
            seen.append(sock.recv(4096).decode())
            if line in seen[-1].splitlines():
                return seen
    raise AssertionError(f"{line} did not arrive within {seconds} s; got {seen}")


def test_messages_reach_a_path_socket(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    notifier = Notifier({"NOTIFY_SOCKET": path})
    assert notifier.ready("spool 0 waiting") and notifier.stopping()
    assert receive(sock, 0.2) == ["READY=1\nSTATUS=spool 0 waiting", "STOPPING=1"]
    notifier.close()


def test_messages_reach_an_abstract_socket() -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    try:
        notifier = Notifier({"NOTIFY_SOCKET": "@" + name})
        assert notifier.watchdog()
        assert receive(sock, 0.2) == ["WATCHDOG=1"]
        notifier.close()
    finally:
        sock.close()


def test_without_a_supervisor_nothing_is_sent() -> None:
    notifier = Notifier({})
    assert not notifier.enabled and not notifier.ready() and notifier.watchdog_interval_ms() is None


def test_a_dead_socket_is_logged_not_raised(tmp_path: Path) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert notifier.send(READY=1) is False
    notifier.close()


def test_watchdog_interval_is_half_the_period_and_only_for_this_process() -> None:
    assert Notifier({"WATCHDOG_USEC": "10000000"}).watchdog_interval_ms() == 5000
    assert Notifier({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getpid())}).watchdog_interval_ms() == 5000
    assert Notifier({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1"}).watchdog_interval_ms() is None
    assert Notifier({"WATCHDOG_USEC": "soon"}).watchdog_interval_ms() is None


def test_kiosk_run_is_ready_after_the_first_slide_pings_and_says_stopping(
    listener: tuple[socket.socket, str], tmp_path: Path
) -> None:
    sock, path = listener
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"), NOTIFY_SOCKET=path,
               WATCHDOG_USEC="400000")
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = wait_for(sock, "READY=1", 60)
        assert any(line.startswith("STATUS=spool 0 waiting") for m in first for line in m.splitlines())
        pings = [m for m in receive(sock, 2.0) if m == "WATCHDOG=1"]
        assert 5 <= len(pings) <= 12  # every 200 ms: half of WATCHDOG_USEC
        kiosk.send_signal(signal.SIGTERM)
        wait_for(sock, "STOPPING=1", 10)
        assert kiosk.wait(10) == 0
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    _out, err = kiosk.communicate()
    assert "Traceback" not in err
