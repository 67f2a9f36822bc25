"""``kiosk speak``: write what read-aloud would say as a WAV file, to check or to listen to."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.io import fail

MAX_TEXT_CHARS = 10_000
"""A screen's text is a few hundred characters; a novel on the command line is a mistake."""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    speak = commands.add_parser("speak", help="synthesise TEXT as the kiosk's read-aloud would; write a WAV")
    speak.add_argument("--lang", choices=("en", "es"), required=True, help="language (voice) to speak in")
    speak.add_argument("--text", required=True, help="what to say")
    speak.add_argument("--out", type=Path, required=True, help="WAV file to write")
    speak.set_defaults(handler=_speak)


def _speak(args: argparse.Namespace) -> int:
    from kiosk.speech import SpeechError, to_wav
    from kiosk.speech.voices import synthesize

    text = " ".join(str(args.text).split())
    if not text:
        return fail("--text is empty: give the words to say", ExitCode.USAGE)
    if len(text) > MAX_TEXT_CHARS:
        return fail(f"--text is longer than {MAX_TEXT_CHARS} characters", ExitCode.USAGE)
    try:
        audio = synthesize(text, args.lang)
    except SpeechError as exc:
        return fail(f"cannot synthesise: {exc}", ExitCode.FAILED)
    try:
        args.out.write_bytes(to_wav(audio))
    except OSError as exc:
        return fail(f"cannot write {args.out}: {exc.strerror or exc}", ExitCode.FAILED)
    print(f"{args.out}: {audio.seconds:.1f} s at {audio.rate} Hz ({args.lang})")
    return ExitCode.OK
