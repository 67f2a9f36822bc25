"""Small helpers the sub-commands share: reading JSON input, printing errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class InputError(Exception):
    """Bad input from the command line; printed as one clear line."""


def read_json(source: str) -> Any:
    """JSON from a file path, or from standard input when ``source`` is ``-``."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        name = "standard input" if source == "-" else source
        raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None


def fail(message: str, code: int) -> int:
    """Print ``kiosk: message`` on stderr and return ``code``."""
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def actor() -> str:
    """Who runs this command, as the audit log names them."""
    import getpass

    return f"cli:{getpass.getuser()}"
