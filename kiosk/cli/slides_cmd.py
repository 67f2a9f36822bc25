"""``kiosk slides check`` and ``kiosk slides render``: the attract-loop slides."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.io import fail
from kiosk.paths import RESOURCES
from kiosk.settings import load_settings

if TYPE_CHECKING:
    from kiosk.content import Deck

LANGUAGES = ("en", "es")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    slides = commands.add_parser("slides", help="check or render the attract-loop slides")
    sub = slides.add_subparsers(dest="slides_command", required=True, metavar="ACTION")

    check = sub.add_parser("check", help="load every slide in every language; list problems")
    check.add_argument("dir", nargs="?", type=Path, default=RESOURCES / "slides")
    check.set_defaults(handler=_check)

    render = sub.add_parser("render", help="draw every slide to PNG (1280x800) in OUT")
    render.add_argument("--out", type=Path, required=True)
    render.add_argument("--dir", type=Path, default=RESOURCES / "slides")
    render.set_defaults(handler=_render)


def _load(slides_dir: Path) -> dict[str, Deck]:
    from kiosk.content import clinic_values, load_decks  # only for the slides commands

    return load_decks(slides_dir, LANGUAGES, clinic_values(load_settings()))


def _check(args: argparse.Namespace) -> int:
    from kiosk.content import SlideLoadError

    try:
        decks = _load(args.dir)
    except SlideLoadError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    counts = ", ".join(f"{lang}: {len(deck)}" for lang, deck in decks.items())
    print(f"{args.dir}: all slides valid ({counts})")
    return 0


def _render(args: argparse.Namespace) -> int:
    from kiosk.content import SlideLoadError

    try:
        decks = _load(args.dir)
    except SlideLoadError as exc:
        return fail(f"invalid slides:\n{exc}", 1)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a render needs no screen
    from kiosk.ui.qt_messages import application
    from kiosk.ui.slide_screenshots import render_deck

    _app = application()
    for deck in decks.values():
        for path in render_deck(deck, args.out):
            print(path)
    return 0
