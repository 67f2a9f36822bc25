"""``kiosk doctor [--json]``: is this kiosk fit to serve patients? One line per check."""

from __future__ import annotations

import argparse

from kiosk.cli.io import print_json


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    doctor = commands.add_parser("doctor", help="check display, forms, database, keys, disk, spool, printer, clock, staff")
    doctor.add_argument("--json", action="store_true", help="as JSON")
    doctor.set_defaults(handler=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from kiosk.ops.checks import ALL_CHECKS
    from kiosk.ops.doctor import run_checks, worst
    from kiosk.settings import load_settings

    settings = load_settings()  # a bad setting: main() says which, exit 2
    results = run_checks(settings, ALL_CHECKS)
    if args.json:
        print_json({"status": worst(results), "checks": [r.as_dict() for r in results]})
    else:
        for result in results:
            print(result.line())
    return 1 if worst(results) == "fail" else 0
