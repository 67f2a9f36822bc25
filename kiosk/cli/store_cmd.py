"""``kiosk submit``, ``queue`` and ``purge``; ``key`` and ``audit`` live in ``key_cmd``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

from kiosk.cli import key_cmd
from kiosk.cli.fhir_cmd import read_fhir_visit
from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.io import InputError, actor, fail, print_json, read_json
from kiosk.forms import FormLibrary, FormLoadError, load_library
from kiosk.forms.canonical import CanonicalForm
from kiosk.intake.answered import definitions_answered
from kiosk.intake.handling import Step
from kiosk.intake.submission import Submission
from kiosk.intake.visit import LastVisit, VisitError, build_submission
from kiosk.settings import Settings, load_settings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import QueueEntry, StoreUnavailable, UnreadableRow

STATUS_CHOICES = ["new", *(step.value for step in Step), "all"]
SEVERITY_TEXT = {"critical": "CRITICAL", "warning": "warning", None: ""}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    submit = commands.add_parser(
        "submit", help="store a visit given as JSON (e.g. a paper form)",
        epilog="Exit codes: 0 stored (id printed), 2 invalid visit (nothing stored), 3 database "
               "unavailable but the visit is kept in the encrypted spool (id printed), 1 not saved.",
    )
    source = submit.add_mutually_exclusive_group(required=True)
    source.add_argument("--visit", metavar="FILE|-")
    source.add_argument("--fhir", metavar="FILE|-",
                        help="FHIR R4: a Bundle, a QuestionnaireResponse, or panel Observations")
    submit.add_argument("--questionnaire", action="append", metavar="QFILE",
                        help="--fhir: the sender's Questionnaire, to read its item and answer codes (repeatable)")
    submit.add_argument("--patient-name", metavar="NAME", help="--fhir: the patient, when the input holds no Patient")
    submit.add_argument("--patient-dob", metavar="YYYY-MM-DD", help="--fhir: with --patient-name")
    submit.set_defaults(handler=_submit)

    queue = commands.add_parser("queue", help="the day's submissions, critical first")
    queue.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD", help="default: today")
    queue.add_argument("--status", choices=STATUS_CHOICES, default="all", metavar="S|all",
                       help=f"one of {', '.join(STATUS_CHOICES)} (default all); new: not reviewed yet, "
                            "the others: visits reviewed, printed or exported (each a separate fact)")
    queue.add_argument("--json", action="store_true", help="machine-readable output")
    queue.set_defaults(handler=_queue)

    purge = commands.add_parser("purge", help="delete submissions older than DAYS days")
    purge.add_argument("--older-than", type=_days, required=True, metavar="DAYS")
    purge.set_defaults(handler=_purge)

    key_cmd.register(commands)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days")
    return int(text)


def _submit(args: argparse.Namespace) -> int:
    from kiosk.care.earlier import last_visit_finder
    from kiosk.store import Store, StoreError, StoreUnavailable

    settings = load_settings()
    try:
        library = load_library(settings.forms_dir, settings.clinic_rules())
    except FormLoadError as exc:
        return fail(f"invalid forms:\n{exc}", 1)
    if args.visit and (args.questionnaire or args.patient_name or args.patient_dob):
        return fail("--questionnaire, --patient-name and --patient-dob go with --fhir, not --visit", 2)
    submission: Submission | None = None
    try:
        make = _visit_builder(args, settings, library)
        try:
            with Store.open(settings) as store:
                submission = make(last_visit_finder(store, actor=actor()))
                store.record_forms(library)
                store.add(submission)
        except StoreUnavailable as exc:
            # As the kiosk does when its store is away: no last visit known, the form's own window.
            submission = submission or make(None)
            return _spooled(exc, settings, submission, definitions_answered(library, submission))
        except StoreError as exc:
            return fail(str(exc), 1)
    except InputError as exc:
        return fail(str(exc), 2)
    except VisitError as exc:
        return fail("invalid visit, nothing stored:\n  " + "\n  ".join(exc.problems), 2)
    print(submission.id)
    return 0


def _visit_builder(args: argparse.Namespace, settings: Settings,
                   library: FormLibrary) -> Callable[[LastVisit | None], Submission]:
    """Reads the input once; the returned function builds the visit given how to find the
    patient's last visit (the store's, so a recall window runs as on the kiosk, or None)."""
    if args.visit:
        data = read_json(args.visit)
        return lambda last_visit_of: build_submission(library, data, kiosk_id=settings.id,
                                                      last_visit_of=last_visit_of)
    return _fhir_builder(args, settings, library)


def _fhir_builder(args: argparse.Namespace, settings: Settings,
                  library: FormLibrary) -> Callable[[LastVisit | None], Submission]:
    """The visit of ``--fhir``, submitted at its ``authored`` time, with the import's warning flags."""
    from kiosk.fhir import with_import_flags

    if bool(args.patient_name) != bool(args.patient_dob):
        raise InputError("give --patient-name and --patient-dob together")
    patient = {"legal_name": args.patient_name, "date_of_birth": args.patient_dob} if args.patient_name else None
    imported = read_fhir_visit(args.fhir, library, settings, args.questionnaire, patient)

    def build(last_visit_of: LastVisit | None) -> Submission:
        submission = build_submission(library, imported.visit, kiosk_id=settings.id, now=imported.submitted_at,
                                      last_visit_of=last_visit_of)
        return with_import_flags(submission, imported)

    return build


def _spooled(exc: StoreUnavailable, settings: Settings, submission: Submission,
             definitions: list[CanonicalForm]) -> int:
    """Exit 3 with the id when the visit waits in the spool; 1 when it could not be kept."""
    from kiosk.store import StoreError, StoreUnavailable, spool_visit

    if not exc.spooled:
        try:
            spool_visit(settings, submission, definitions)
        except (OSError, StoreError) as spool_exc:
            return fail(f"{exc}; the spool could not be written either ({spool_exc}): the visit was NOT saved", 1)
        exc = StoreUnavailable(f"{exc}; the visit is kept in the encrypted spool and will be stored "
                               "on the next start", spooled=True)
    print(submission.id)
    return fail(str(exc), ExitCode.SPOOLED)


def _queue(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    status = None if args.status == "all" else args.status
    try:
        with Store.open(load_settings()) as store:
            view = store.queue_view(args.date, status, actor=actor())
    except StoreError as exc:
        return fail(str(exc), 1)
    if args.json:
        print_json([e.to_json() for e in view.entries])
        for bad in view.unreadable:
            print(f"kiosk: {_unreadable_line(bad)}", file=sys.stderr)
    else:
        print(_table(view.entries, args.date or dt.date.today()))
        for bad in view.unreadable:
            print(_unreadable_line(bad))
    return 0


def _unreadable_line(row: UnreadableRow) -> str:
    """One line per visit that cannot be decrypted: its id and time, nothing of its content."""
    time = row.created_at.astimezone().strftime("%H:%M")
    attention = f" {SEVERITY_TEXT[row.severity]}" if row.severity else ""
    return (f"UNREADABLE{attention} {time} visit {row.id} (key {row.key_id}): cannot be decrypted, "
            "altered or its key is missing; recorded in the audit log, see `kiosk audit verify`")


def _scores_text(scores: dict[str, Any]) -> str:
    parts = []
    for form_id, by_rule in scores.items():
        for rule_id, score in by_rule.items():
            name = form_id if rule_id == "total" else f"{form_id} {rule_id}"
            band = f" ({score['band']})" if score.get("band") else ""
            parts.append(f"{name} {score['value']}{band}")
    return ", ".join(parts)


def _table(entries: list[QueueEntry], day: dt.date) -> str:
    """A fixed-width table a person reads at the desk."""
    if not entries:
        return f"No submissions on {day.isoformat()}."
    header = ("Attention", "Time", "Patient", "Born", "Reviewed", "Printed", "Exported", "Scores", "Id")
    rows = [
        (SEVERITY_TEXT[e.severity], e.created_at.astimezone().strftime("%H:%M"), e.patient.legal_name,
         e.patient.date_of_birth.isoformat(), *(e.handling.cell(step) for step in Step),
         _scores_text(e.scores), str(e.id))
        for e in entries
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"{len(entries)} submission(s) on {day.isoformat()}")
    return "\n".join(lines)


def _purge(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    try:
        with Store.open(load_settings()) as store:
            deleted = store.purge(args.older_than, actor=actor())
    except StoreError as exc:
        return fail(str(exc), 1)
    print(f"purged {deleted} submission(s) older than {args.older_than} day(s)")
    return 0
