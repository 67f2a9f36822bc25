"""Audit anchors: the log's head ``(row id, key id, MAC)`` copied outside the database.

A keyed chain stops anyone without the key from forging entries, but someone who can
write the database can still cut off its newest rows and point the head row at the new
last one. Each process therefore appends the head it wrote to an append-only file beside
the key (mode 0600) after every audited commit, so ``kiosk audit verify`` can tell that
rows it once saw are gone. ``kiosk audit export-anchor`` prints a line for off-site keeping.

A line is ``ID KEY_ID MAC WRITTEN_AT``; later lines may carry smaller ids (several
processes append), so the newest anchor is the one with the largest id.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

ANCHOR_FILE = "audit-anchors"
_LINE = re.compile(r"^(\d+) (k[0-9a-f]{15}) ([0-9a-f]{64}) (\S+)$")


class AnchorError(ValueError):
    """An anchor line that cannot be read (typed or pasted wrong)."""


@dataclass(frozen=True)
class Anchor:
    """One audit head seen by a process: the row id, its key and its MAC."""

    id: int
    key_id: str
    mac: str
    at: dt.datetime

    def line(self) -> str:
        return f"{self.id} {self.key_id} {self.mac} {self.at.isoformat()}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        match = _LINE.match(text.strip())
        if match is None:
            raise AnchorError("an anchor is 'ID KEY_ID MAC TIME', as `kiosk audit export-anchor` prints it")
        try:
            at = dt.datetime.fromisoformat(match[4])
        except ValueError:
            raise AnchorError(f"anchor time {match[4]!r} is not an ISO date-time") from None
        return cls(int(match[1]), match[2], match[3], at)


class AnchorFile:
    """The append-only anchor file of one data folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._written = 0

    def append(self, row_id: int, key_id: str, mac: str) -> None:
        """Add the head ``row_id`` unless this process already anchored it (or a newer one)."""
        if row_id <= self._written:
            return
        line = Anchor(row_id, key_id, mac, dt.datetime.now(dt.timezone.utc)).line() + "\n"
        # O_APPEND: one short write per line, so lines from several processes never interleave.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("ascii"))
        finally:
            os.close(fd)
        self._written = row_id

    def newest(self) -> Anchor | None:
        """The anchor with the largest row id, None when the file is missing or empty."""
        try:
            text = self.path.read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return None
        anchors = []
        for line in text.splitlines():
            try:
                anchors.append(Anchor.parse(line))
            except AnchorError:
                continue  # a line cut short by a crash; the others still count
        return max(anchors, key=lambda a: a.id, default=None)
