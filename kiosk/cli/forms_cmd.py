"""``kiosk forms validate`` and ``kiosk forms score``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kiosk.cli.fhir_cmd import register_forms_actions
from kiosk.cli.io import InputError, fail, print_json, read_json
from kiosk.forms import AnswerError, FormLoadError, check_answers, load_library, score_form
from kiosk.forms.loader import validate_directory
from kiosk.forms.rules import VisitContext
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    forms = commands.add_parser("forms", help="validate and score questionnaire definitions")
    sub = forms.add_subparsers(dest="forms_command", required=True, metavar="ACTION")

    validate = sub.add_parser("validate", help="check every form file in DIR")
    validate.add_argument("dir", nargs="?", type=Path, default=BUNDLED_FORMS)
    validate.set_defaults(handler=_validate)

    score = sub.add_parser("score", help="score one form's answers (JSON item id -> code)")
    score.add_argument("form_id")
    score.add_argument("--answers", required=True, metavar="FILE|-")
    score.add_argument("--forms-dir", type=Path, default=BUNDLED_FORMS)
    score.add_argument("--at", type=_visit_time, metavar="YYYY-MM-DDTHH:MM",
                       help="visit time the fasting rule is checked against (default: now)")
    score.set_defaults(handler=_score)

    register_forms_actions(sub)


def _visit_time(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time (YYYY-MM-DDTHH:MM)") from None
    return moment if moment.tzinfo else moment.astimezone()


def _validate(args: argparse.Namespace) -> int:
    problems = validate_directory(args.dir, load_settings().clinic_rules())
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{args.dir}: all forms valid")
    return 0


def _score(args: argparse.Namespace) -> int:
    try:
        library = load_library(args.forms_dir, load_settings().clinic_rules())
    except FormLoadError as exc:
        return fail(f"invalid forms:\n{exc}", 1)
    if args.form_id not in library.forms:
        return fail(f"unknown form {args.form_id!r} (known: {', '.join(sorted(library.forms))})", 2)
    form = library.forms[args.form_id]
    try:
        answers = read_json(args.answers)
        if not isinstance(answers, dict):
            raise InputError("answers must be a JSON object of item id -> code")
        clean = check_answers(form, answers)
    except InputError as exc:
        return fail(str(exc), 2)
    except AnswerError as exc:
        return fail("invalid answers:\n  " + "\n  ".join(exc.problems), 2)
    context = VisitContext(at=args.at or dt.datetime.now().astimezone(), rules=library.rules)
    print_json(score_form(form, clean, context).to_json())
    return 0
