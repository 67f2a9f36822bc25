"""``kiosk run`` (the patient kiosk) and ``kiosk screenshots`` (every screen to PNG).

PySide6 is imported inside the handlers so that other commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.invocation import kiosk_command
from kiosk.cli.io import fail

NO_DISPLAY = """no display to show the kiosk on (DISPLAY and WAYLAND_DISPLAY are not set).
  On a machine without a screen, run it under a virtual X server:
      xvfb-run -a {kiosk} run
  or render without any display (nothing visible, for checks):
      QT_QPA_PLATFORM=offscreen {kiosk} run --windowed"""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    run = commands.add_parser("run", help="run the patient kiosk (full screen)")
    run.add_argument("--windowed", action="store_true", help="a 1280x800 window, for development")
    run.set_defaults(handler=_run)

    shots = commands.add_parser("screenshots", help="render every kiosk screen to PNG files")
    shots.add_argument("--out", type=Path, required=True, metavar="DIR")
    shots.add_argument("--forms-dir", type=Path, default=None, help="forms folder (default: settings)")
    shots.add_argument("--protocol", default=None, help="visit protocol (default: settings)")
    shots.set_defaults(handler=_screenshots)


def has_display() -> bool:
    """Whether Qt has somewhere to draw: a display server, or an explicit platform."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _settings(args: argparse.Namespace) -> Any:
    """The settings, with the command line's forms folder and protocol over them."""
    from kiosk.settings import load_settings

    settings = load_settings()
    overrides = {k: v for k, v in (("forms_dir", getattr(args, "forms_dir", None)), ("protocol", getattr(args, "protocol", None))) if v}
    return settings.model_copy(update=overrides) if overrides else settings


def _run(args: argparse.Namespace) -> int:
    """The slides first (a restart must bring them back fast): the last run's picture of the
    first slide at once if there is one (kiosk.ui.launch), then the settings and the slides;
    forms, store, speech and health checks are built once they are drawn (kiosk.ui.startup).
    Invalid forms still stop the kiosk with the same message, just after the first slide."""
    if not has_display():
        return fail(NO_DISPLAY.format(kiosk=kiosk_command()), ExitCode.NO_DISPLAY)
    from kiosk.settings_sources import configured_data_dir
    from kiosk.ui.launch import Launcher
    from kiosk.ui.qt_messages import application

    app = application(sys.argv[:1])
    refused: list[str] = []

    def refuse(message: str) -> None:
        refused.append(message)
        app.exit(1)

    def build() -> Any:
        from kiosk.ops.logs import configure_logging
        from kiosk.ui.startup import Startup

        settings = _settings(args)
        configure_logging(settings.data_dir, settings.id)
        startup = Startup(settings, services=True)
        startup.refused.connect(refuse)
        if startup.problem:
            print(f"kiosk: slides not shown (plain welcome screen instead):\n{startup.problem}", file=sys.stderr)
        return startup

    def show(window: Any) -> None:
        if args.windowed:
            window.unlock()  # development: closing the window is allowed
            window.show()
        else:
            window.showFullScreen()

    launcher = Launcher(configured_data_dir(), build, show, fullscreen=not args.windowed)
    code = 1
    try:
        if launcher.failure is None:  # built at once when there was no picture to show first
            code = int(app.exec())
    finally:
        launcher.close()
    if launcher.failure is not None:
        raise launcher.failure  # bad settings: main() words it, as before the picture
    return fail(refused[0], 1) if refused else code


def _screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.startup import FormsRefused, checked_library

    settings = _settings(args)
    try:
        library = checked_library(settings)
    except FormsRefused as exc:
        return fail(str(exc), 1)
    from kiosk.speech.sinks import find_output
    from kiosk.ui.app import build_kiosk, make_attract
    from kiosk.ui.qt_messages import application
    from kiosk.ui.screenshots import take_screenshots

    app = application(sys.argv[:1])

    def make(submit: Any) -> Any:
        attract, problem = make_attract(settings)
        if problem:
            print(f"kiosk: slides not shown:\n{problem}", file=sys.stderr)
        # the speaker button as on a kiosk with speakers (nothing is played: a null output)
        return build_kiosk(settings, library, submit, attract=attract, audio_output=find_output("null"), speech_speed=8)

    try:
        saved = take_screenshots(make, args.out, library)
    except OSError as exc:
        return fail(f"cannot write screenshots to {args.out}: {exc.strerror or exc}", 1)
    for path in saved:
        print(path)
    del app
    return 0
