"""Structured logs: JSON lines on stderr (journald keeps them) and a size-rotated file.

A log line carries the kiosk id, an event name and counts or durations, never patient
data. Two guards make that hold even for careless callers: exception text is dropped
(only its type and where it was raised are kept, since a message can quote an answer),
and arguments that are not numbers, booleans or short identifiers are replaced by their
type name before a line is written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
import os
import re
import sys
import traceback
from pathlib import Path
from typing import Any, TextIO

LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
_SAFE_TEXT = re.compile(r"^[A-Za-z0-9_.:/@+-]{0,64}$")  # ids, event names, file names, hosts
_INSTALLED: list[logging.Handler] = []


def _safe(value: Any) -> Any:
    """A value fit for a log line: numbers and short identifiers pass, anything else is hidden."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str) and _SAFE_TEXT.match(value):
        return value
    return f"<{type(value).__name__}>"


def event(logger: logging.Logger, name: str, level: int = logging.INFO, /, **fields: Any) -> None:
    """Log event ``name`` with counts, durations or ids as fields (each passed through _safe)."""
    logger.log(level, name, extra={"fields": {key: _safe(value) for key, value in fields.items()}})


class JsonLines(logging.Formatter):
    """One JSON object per record, with the kiosk id on every line."""

    def __init__(self, kiosk_id: str) -> None:
        super().__init__()
        self.kiosk_id = kiosk_id

    def format(self, record: logging.LogRecord) -> str:
        args = record.args if isinstance(record.args, tuple) else ()
        try:
            message = record.msg % tuple(_safe(a) for a in args) if args else str(record.msg)
        except (TypeError, ValueError):
            message = str(record.msg)
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "kiosk": self.kiosk_id,
            "logger": record.name,
            "event": message,
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, tb = record.exc_info
            frames = traceback.extract_tb(tb)[-3:]
            line["error"] = kind.__name__
            line["where"] = [f"{Path(f.filename).name}:{f.lineno}" for f in frames]
        return json.dumps(line, ensure_ascii=False)


class PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating log file that every rotation re-creates with mode 0600."""

    def _open(self) -> Any:
        handle = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return handle


def configure_logging(data_dir: Path, kiosk_id: str, stream: TextIO | None = None,
                      level: int = logging.INFO) -> Path:
    """JSON lines to ``stream`` (stderr) and ``data_dir/logs/kiosk.log`` (rotated, 0600).

    Returns the log file's path. Called by the long-running commands (run, desk) only:
    one-shot commands speak to the person at the terminal in plain words instead.
    """
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "kiosk.log"
    formatter = JsonLines(kiosk_id)
    file_handler = PrivateRotatingFile(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    console = logging.StreamHandler(stream or sys.stderr)
    root = logging.getLogger()
    while _INSTALLED:  # configured again (tests): replace ours, leave others' handlers alone
        old = _INSTALLED.pop()
        root.removeHandler(old)
        old.close()
    for handler in (file_handler, console):
        handler.setFormatter(formatter)
        root.addHandler(handler)
        _INSTALLED.append(handler)
    root.setLevel(level)
    for chatty in ("alembic", "sqlalchemy"):  # migration steps at every start are not events
        logging.getLogger(chatty).setLevel(logging.WARNING)
    return path
