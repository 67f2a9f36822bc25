"""The ``kiosk`` command: one sub-command module per area, each with a ``register``."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.io import fail
from kiosk.cli import ui_cmd

# Each module adds its sub-commands; a handler returns the process exit code. Imported when
# the whole parser is built (kiosk.cli.__init__.RESTART_COMMANDS).
_MODULE_NAMES = ["forms_cmd", "protocols_cmd", "slides_cmd", "store_cmd", "staff_cmd", "desk_cmd", "report_cmd",
                 "history_cmd", "day_cmd", "ui_cmd", "config_cmd", "deploy_cmd", "doctor_cmd", "fleet_cmd", "speech_cmd"]


class _VersionAction(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("lobby-kiosk")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown (not installed)"
        print(f"kiosk {number}")
        parser.exit()


class _ShowHelp:
    """The handler of a command group given no command: its help, which lists the commands."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.parser = parser

    def __call__(self, _args: argparse.Namespace) -> int:
        self.parser.print_help()
        return ExitCode.OK


def _help_when_no_action(parser: argparse.ArgumentParser) -> None:
    """``kiosk`` (or ``kiosk key``) alone prints its help, listing the commands, instead of an error."""
    for action in parser._actions:  # argparse offers no public walk over sub-parsers
        if isinstance(action, argparse._SubParsersAction):
            action.required = False
            parser.set_defaults(handler=_ShowHelp(parser))
            for sub in action.choices.values():
                _help_when_no_action(sub)


RESTART_COMMANDS = {"run": ui_cmd}
"""Commands whose start matters most: ``kiosk run`` after a crash or a watchdog restart must
put the slides back at once (issue #16), so its parser is built from its own module alone.
The other command modules import the settings, forms and intake models (pydantic: about
0.3 s of imports) at their top, for commands that need them anyway."""


def build_parser(only: Any = None) -> argparse.ArgumentParser:
    """The whole ``kiosk`` parser, or (``only``: a command module) the one with that
    module's commands alone, which parses their command lines the same way."""
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Lobby Kiosk patient intake",
        epilog="Exit codes: 0 done, 1 failed, 2 bad arguments or input, 3 visit kept in the spool "
               "(submit), 4 no display (run, desk), 130 interrupted, 141 output pipe closed early.",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [only] if only is not None else [importlib.import_module(f"kiosk.cli.{name}") for name in _MODULE_NAMES]
    for module in modules:
        module.register(commands)
    _help_when_no_action(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the sub-command and return its exit code.

    Every command writes through here, so a closed output pipe is handled once, for all.
    """
    try:
        code = _parse_and_run(argv)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's final flush
    except BrokenPipeError:
        return _pipe_closed()
    return code


def _parse_and_run(argv: Sequence[str] | None) -> int:
    from kiosk.settings_sources import SettingsError

    words = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(RESTART_COMMANDS.get(words[0]) if words else None).parse_args(words)
    except SystemExit as exc:  # --help, --version and usage errors end inside argparse
        return exc.code if isinstance(exc.code, int) else ExitCode.USAGE
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except SettingsError as exc:
        return fail(str(exc), ExitCode.USAGE)
    return code


def _pipe_closed() -> int:
    """The reader of our output went away (``kiosk queue --json | head``): stop quietly.

    Standard output is pointed at /dev/null so the interpreter's last flush finds nowhere
    to fail; the status is the shell's for a process ended by SIGPIPE (128 + 13).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is no real file (captured): nothing left to flush
        pass
    return ExitCode.PIPE_CLOSED


def run() -> NoReturn:
    """The console script: ``main``, then exit without the interpreter's final sweep."""
    code = main()
    # Moving everything the command built into the permanent generation spares the final
    # garbage collection at exit from walking it: about 70 ms of a cold `kiosk export`,
    # a tenth of its time. (Not in ``main``: tests call that many times in one process.)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
