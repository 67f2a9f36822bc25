"""A database that goes away and comes back, for real.

PostgreSQL: a small TCP forwarder on 127.0.0.1 in front of the test server; ``down()``
closes the listening socket and every open connection (the server stays up for the
other tests), ``up()`` listens again on the same port. SQLite: ``chattr +i`` makes the
database file immutable, which even root cannot write.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest


class Forwarder:
    """TCP forwarding from a local port to ``target``; can be taken down and brought back."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._server: socket.socket | None = None
        self._pipes: list[socket.socket] = []
        self._lock = threading.Lock()
        self.up()

    def up(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        self.port = server.getsockname()[1]
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def down(self) -> None:
        with self._lock:
            server, self._server = self._server, None
            pipes, self._pipes = self._pipes, []
        for sock in [server, *pipes]:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            # The 5 s was for connecting only: a LISTENing connection may sit idle for longer
            # (a loaded machine starting `kiosk submit`), and a recv timeout would cut it.
            upstream.settimeout(None)
            with self._lock:
                if self._server is not server:
                    client.close()
                    upstream.close()
                    return
                self._pipes += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)

    def url_for(self, url: str) -> str:
        """``url`` with its host and port replaced by this forwarder's."""
        parts = urlsplit(url)
        netloc = f"{parts.username}:{parts.password}@127.0.0.1:{self.port}"
        return urlunsplit(parts._replace(netloc=netloc))


def pg_target(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 5432


def immutable(path: Path, on: bool) -> None:
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot change the immutable flag here (chattr): {done.stderr.strip()}")
