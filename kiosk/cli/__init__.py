"""The ``kiosk`` command: one sub-command module per area, each with a ``register``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk.cli import desk_cmd, forms_cmd, report_cmd, slides_cmd, staff_cmd, store_cmd, ui_cmd

# Each module adds its sub-commands; a handler returns the process exit code.
_MODULES = [forms_cmd, slides_cmd, store_cmd, staff_cmd, desk_cmd, report_cmd, ui_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Lobby Kiosk patient intake")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
