"""A one-line service status (systemd's STATUS=, heartbeats): counts only, never patient data."""

from __future__ import annotations

from pathlib import Path

from kiosk.report.print_queue import PrintQueue
from kiosk.store.spool import SUFFIX as SPOOL_SUFFIX


def spool_depth(data_dir: Path) -> int:
    """Visits waiting in the encrypted spool for the database."""
    folder = data_dir / "spool"
    if not folder.is_dir():
        return 0
    return sum(1 for path in folder.iterdir() if path.name.endswith(SPOOL_SUFFIX))


def print_queue_depth(data_dir: Path) -> int:
    """Print jobs not yet printed (reads only: a missing queue folder is an empty queue)."""
    queue = PrintQueue.for_data_dir(data_dir)
    return len(queue.pending()) if queue.path.exists() else 0


def service_status(data_dir: Path) -> str:
    return f"spool {spool_depth(data_dir)} waiting, print queue {print_queue_depth(data_dir)}"
