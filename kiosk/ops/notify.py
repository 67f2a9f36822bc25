"""systemd's notify protocol: READY, WATCHDOG, STATUS and STOPPING on ``NOTIFY_SOCKET``.

A unit with ``Type=notify`` waits for ``READY=1`` before it counts the kiosk as started,
and with ``WatchdogSec=`` restarts it when ``WATCHDOG=1`` stops arriving. The protocol is
one datagram per message on a Unix socket, so a few lines of the standard library do it
(no python-systemd binding to install on the tablet).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    """Sends state lines to the service manager; does nothing when not started by one."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = _socket_address(env.get("NOTIFY_SOCKET", ""))
        self.watchdog_usec = _watchdog_usec(env)
        self._socket: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def watchdog_interval_ms(self) -> int | None:
        """Half the watchdog period (systemd's advice), or None when no watchdog is asked for."""
        if self.watchdog_usec is None:
            return None
        return max(1, self.watchdog_usec // 2000)

    def send(self, **fields: str | int) -> bool:
        """One message, e.g. ``send(READY=1, STATUS="…")``; False when it could not be sent.

        A failed send is logged once per call and never raised: the kiosk must keep
        serving patients whatever happens to its supervisor's socket.
        """
        if self.address is None:
            return False
        message = "\n".join(f"{key}={value}" for key, value in fields.items()).encode()
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(message, self.address)
        except OSError as exc:
            log.warning("systemd notify failed: %s", exc.strerror or exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.send(READY=1, STATUS=status) if status else self.send(READY=1)

    def watchdog(self) -> bool:
        return self.send(WATCHDOG=1)

    def status(self, text: str) -> bool:
        return self.send(STATUS=text)

    def stopping(self) -> bool:
        return self.send(STOPPING=1)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _socket_address(value: str) -> str | bytes | None:
    """A path, or an abstract socket written ``@name`` (sent as a leading NUL byte)."""
    if not value:
        return None
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    if value.startswith("/"):
        return value
    log.warning("NOTIFY_SOCKET is neither a path nor an abstract name: ignored")
    return None


def _watchdog_usec(env: Mapping[str, str]) -> int | None:
    """WATCHDOG_USEC when it is meant for this process (WATCHDOG_PID absent or ours)."""
    pid = env.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec if usec > 0 else None
