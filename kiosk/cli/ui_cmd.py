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


def _settings_and_forms(args: argparse.Namespace) -> tuple[Any, Any] | int:
    from kiosk.forms import FormLoadError, load_library
    from kiosk.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        return fail(str(exc), 2)
    overrides = {k: v for k, v in (("forms_dir", getattr(args, "forms_dir", None)), ("protocol", getattr(args, "protocol", None))) if v}
    if overrides:
        settings = settings.model_copy(update=overrides)
    try:
        library = load_library(settings.forms_dir, settings.clinic_rules())
    except FormLoadError as exc:
        return fail(f"the kiosk will not start with invalid forms:\n{exc}", 1)
    if settings.protocol and settings.protocol not in library.protocols:
        known = ", ".join(sorted(library.protocols)) or "none"
        return fail(f"visit protocol {settings.protocol!r} not found in {settings.forms_dir} (known: {known})", 1)
    return settings, library


def _run(args: argparse.Namespace) -> int:
    if not has_display():
        return fail(NO_DISPLAY.format(kiosk=kiosk_command()), ExitCode.NO_DISPLAY)
    loaded = _settings_and_forms(args)
    if isinstance(loaded, int):
        return loaded
    settings, library = loaded
    from kiosk.ui.app import launch, run_until_quit
    from kiosk.ui.qt_messages import application

    from kiosk.ops.checks import kiosk_checks
    from kiosk.ops.logs import configure_logging
    from kiosk.ops.notify import Notifier
    from kiosk.ops.status import service_status
    from kiosk.fleet.escalation import kiosk_escalations
    from kiosk.ui.desk.escalation_watch import EscalationWatch
    from kiosk.ui.heartbeat import HeartbeatSender
    from kiosk.ui.supervision import CrashGuard, HealthWatch, ServiceNotifier, quit_on_sigterm

    configure_logging(settings.data_dir, settings.id)
    app = application(sys.argv[:1])
    kiosk, link, problem = launch(settings, library)
    ServiceNotifier(Notifier(), lambda: service_status(settings.data_dir), kiosk.window).start_after_paint(
        kiosk.window.attract)
    CrashGuard(kiosk.flow.wipe).install()
    quit_on_sigterm(kiosk.window)
    health = HealthWatch(kiosk.window, lambda: kiosk_checks(settings))
    HeartbeatSender(kiosk.window, link, settings.id, lambda: health.last, lambda: kiosk.flow.last_submit_at)
    EscalationWatch(lambda: kiosk_escalations(link.store, settings), parent=kiosk.window)  # even with no desk open
    if problem:
        print(f"kiosk: slides not shown (plain welcome screen instead):\n{problem}", file=sys.stderr)
    if args.windowed:
        kiosk.window.unlock()  # development: closing the window is allowed
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    return run_until_quit(app, kiosk, link)


def _screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    loaded = _settings_and_forms(args)
    if isinstance(loaded, int):
        return loaded
    settings, library = loaded
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
