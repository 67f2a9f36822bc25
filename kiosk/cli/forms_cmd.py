"""``kiosk forms validate``, ``kiosk forms score`` and ``kiosk forms history``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kiosk.cli.fhir_cmd import register_forms_actions
from kiosk.cli.forms_history import register_history, stored_version_problems
from kiosk.cli.io import InputError, fail, print_json, read_json
from kiosk.forms import AnswerError, FormLoadError, VisitContext, check_answers, load_library, score_form
from kiosk.forms.loader import validate_directory
from kiosk.paths import BUNDLED_FORMS


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    forms = commands.add_parser("forms", help="validate and score questionnaire definitions")
    sub = forms.add_subparsers(dest="forms_command", required=True, metavar="ACTION")

    validate = sub.add_parser(
        "validate", help="check every form file in DIR",
        epilog="With a store configured (KIOSK_DB_URL, or kiosk.db in KIOSK_DATA_DIR), a form whose "
               "content changed while its version did not is refused too.",
    )
    validate.add_argument("dir", nargs="?", type=Path, default=BUNDLED_FORMS)
    validate.set_defaults(handler=_validate)

    score = sub.add_parser("score", help="score one form's answers (JSON item id -> code)")
    score.add_argument("form_id")
    score.add_argument("--answers", required=True, metavar="FILE|-")
    score.add_argument("--forms-dir", type=Path, default=BUNDLED_FORMS)
    score.add_argument(
        "--visit", metavar="FILE",
        help="answers of the visit's other forms (JSON form id -> item id -> code), e.g. the check-in's "
        "sex_at_birth and date_of_birth that USAUDIT and AUDIT-C cut-offs depend on; without it the "
        "default (more cautious) cut-offs apply",
    )
    score.add_argument("--on", metavar="YYYY-MM-DD", help="the visit's date, for ages (default: today)")
    score.set_defaults(handler=_score)

    register_forms_actions(sub)
    register_history(sub)


def _validate(args: argparse.Namespace) -> int:
    try:
        problems = stored_version_problems(load_library(args.dir))
    except FormLoadError as exc:
        problems = exc.problems
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{args.dir}: all forms valid")
    return 0


def _score(args: argparse.Namespace) -> int:
    try:
        library = load_library(args.forms_dir)
    except FormLoadError as exc:
        return fail(f"invalid forms:\n{exc}", 1)
    if args.form_id not in library.forms:
        return fail(f"unknown form {args.form_id!r} (known: {', '.join(sorted(library.forms))})", 2)
    form = library.forms[args.form_id]
    try:
        context = _visit_context(args.visit, args.on)
        answers = read_json(args.answers)
        if not isinstance(answers, dict):
            raise InputError("answers must be a JSON object of item id -> code")
        clean = check_answers(form, answers, context.today, context)
    except InputError as exc:
        return fail(str(exc), 2)
    except AnswerError as exc:
        return fail("invalid answers:\n  " + "\n  ".join(exc.problems), 2)
    print_json(score_form(form, clean, context).to_json())
    return 0


def _visit_context(visit: str | None, on: str | None) -> VisitContext:
    """The other forms' answers and the visit date given on the command line."""
    try:
        today = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        raise InputError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from None
    if visit is None:
        return VisitContext({}, today)
    others = read_json(visit)
    if not isinstance(others, dict) or not all(isinstance(v, dict) for v in others.values()):
        raise InputError("--visit must be a JSON object of form id -> {item id -> code}")
    return VisitContext(others, today)
