"""``kiosk desk``: the front-desk review window (Qt is imported only when it runs)."""

from __future__ import annotations

import argparse

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.invocation import kiosk_command
from kiosk.cli.io import fail
from kiosk.cli.ui_cmd import has_display
from kiosk.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    desk = commands.add_parser("desk", help="open the front-desk review queue (staff sign-in)")
    desk.set_defaults(handler=_desk)


def _desk(args: argparse.Namespace) -> int:
    if not has_display():
        return fail("no display (DISPLAY is not set): run it on the front-desk computer, or under Xvfb "
                    f"with `xvfb-run -a {kiosk_command()} desk`", ExitCode.NO_DISPLAY)
    from kiosk.ops.logs import configure_logging
    from kiosk.ui.desk.app import run_desk

    settings = load_settings()
    configure_logging(settings.data_dir, settings.id)
    return run_desk(settings)
