"""Small helpers the sub-commands share: reading JSON input, printing errors."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from kiosk.limits import MAX_INT_DIGITS, MAX_NESTING, VISIT_INPUT_MAX_BYTES, too_deep


class InputError(Exception):
    """Bad input from the command line; printed as one clear line."""


def _read_bounded(source: str, limit: int) -> bytes:
    """At most ``limit`` bytes of the file (or stdin); InputError if there is more."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
    if len(data) > limit:
        name = "standard input" if source == "-" else source
        raise InputError(f"{name} is larger than {limit // 1_000_000} MB; a visit is far smaller")
    return data


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number with more than {MAX_INT_DIGITS} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("a number too large to use")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name}, which JSON does not allow")


def read_json(source: str, limit: int = VISIT_INPUT_MAX_BYTES) -> Any:
    """JSON from a file path, or from standard input when ``source`` is ``-``.

    The size is checked before parsing, and anything a visit never holds (invalid UTF-8,
    nesting deeper than MAX_NESTING, huge numbers, NaN) is an InputError naming the input.
    """
    name = "standard input" if source == "-" else source
    data = _read_bounded(source, limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not valid UTF-8 text (byte {exc.start})") from None
    try:
        parsed = json.loads(text, parse_int=_small_int, parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{name} nests lists or objects deeper than {MAX_NESTING} levels") from None
    except ValueError as exc:
        raise InputError(f"{name} holds {exc}") from None
    if too_deep(parsed):
        raise InputError(f"{name} nests lists or objects deeper than {MAX_NESTING} levels")
    return parsed


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
