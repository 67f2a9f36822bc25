"""File helpers of the store; the private-file writer itself lives in kiosk.files."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.files import fsync_dir, write_private_file

__all__ = ["disk_full_hint", "fsync_dir", "write_private_file"]


def disk_full_hint(directory: Path, *, below: int = 1024 * 1024) -> str:
    """``" (the disk holding DIR is full)"`` when almost no space is left, else empty.

    SQLite reports a full disk during start-up as a bare "disk I/O error"; this says why.
    """
    try:
        info = os.statvfs(directory)
    except OSError:
        return ""
    free = info.f_bavail * info.f_frsize
    return f" (the disk holding {directory} is full: {free} bytes free)" if free < below else ""
