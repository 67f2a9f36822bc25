"""``kiosk config show`` and ``kiosk config example``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from kiosk.cli.io import print_json


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    config = commands.add_parser("config", help="show the effective settings, or print an example kiosk.toml")
    verbs = config.add_subparsers(dest="verb", required=True, metavar="VERB")
    show = verbs.add_parser("show", help="every setting, its value (secrets masked) and where it came from")
    show.add_argument("--json", action="store_true", help="as JSON")
    show.set_defaults(handler=_show)
    example = verbs.add_parser("example", help="a fully commented kiosk.toml generated from the settings model")
    example.set_defaults(handler=_example)


def _show(args: argparse.Namespace) -> int:
    from kiosk.ops.config_report import effective_settings
    from kiosk.settings import load_settings

    settings = load_settings()  # a bad setting: main() says which, exit 2
    rows = effective_settings(settings)
    if args.json:
        print_json([asdict(row) for row in rows])
        return 0
    width = max(len(row.name) for row in rows)
    for row in rows:
        print(f"{row.name:<{width}}  {row.value}  [{row.source}]")
    return 0


def _example(_args: argparse.Namespace) -> int:
    from kiosk.ops.config_report import example_toml

    print(example_toml())
    return 0
