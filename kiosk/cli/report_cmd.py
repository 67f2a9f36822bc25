"""``kiosk export`` (clinician PDF or FHIR bundle files) and ``kiosk print`` (through CUPS).

The store, reportlab and the FHIR code are imported inside the handlers so that every
other ``kiosk`` command starts without loading them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.invocation import kiosk_command
from kiosk.cli.io import fail, print_json
from kiosk.cli.progress import progress
from kiosk.forms import FormLibrary, FormLoadError, load_library
from kiosk.intake.short_ids import normalise_prefix
from kiosk.intake.handling import Step
from kiosk.intake.submission import Submission
from kiosk.settings import Settings, load_settings

if TYPE_CHECKING:
    from kiosk.report.export import Exporter
    from kiosk.report.print_queue import PrintQueue
    from kiosk.store import Store


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = commands.add_parser(
        "export", help="write clinician PDFs or FHIR bundles of visits into a folder",
        epilog="Files are created with mode 0600 and named YYYYMMDD-HHMM-<short id>.pdf|json. "
               "Exit codes: 0 all written, 1 some failed, 2 bad arguments.",
    )
    _ids_argument(export, "*")
    export.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="every visit of that day")
    export.add_argument("--patient", type=_submission_id, metavar="ID",
                        help="every visit of the patient of visit ID (linked histories included) as one "
                             "FHIR history Bundle (with --format fhir)")
    export.add_argument("--format", choices=["pdf", "fhir"], default="pdf")
    export.add_argument("--bundle-type", choices=["collection", "transaction"], default="collection",
                        help="fhir: a collection file (default), or a transaction a FHIR server accepts, "
                             "every entry a conditional create (sending it twice creates nothing twice)")
    export.add_argument("--with-questionnaires", action=argparse.BooleanOptionalAction, default=True,
                        help="fhir: put the Questionnaire version each response cites into the Bundle (default)")
    export.add_argument("--out", type=Path, metavar="DIR",
                        help="default: KIOSK_EXPORT_DIR, else the desk's folder KIOSK_DATA_DIR/exports")
    export.set_defaults(handler=_export)

    printing = commands.add_parser(
        "print", help="print visits' clinician summaries on KIOSK_PRINTER (CUPS)",
        epilog="A failed print stays in the print queue (data_dir/print-queue) for --retry; "
               "the visit is marked printed only once CUPS has accepted the job. "
               "Exit codes: 0 all sent, 1 some failed, 2 bad arguments or no KIOSK_PRINTER.",
    )
    _ids_argument(printing, "*")
    printing.add_argument("--retry", action="store_true", help="send every queued or failed job again")
    printing.add_argument("--list", action="store_true", help="show the print queue as JSON")
    printing.set_defaults(handler=_print)

    review = commands.add_parser(
        "review", help="mark visits reviewed (as the desk's Mark reviewed button does)",
        epilog="A review stands once made: a visit already reviewed keeps its first reviewer. Printing "
               "and exporting never undo a review. Exit codes: 0 done, 1 some not found, 2 bad arguments.",
    )
    _ids_argument(review, "+")
    review.set_defaults(handler=_review)


def _ids_argument(parser: argparse.ArgumentParser, nargs: str) -> None:
    parser.add_argument("ids", nargs=nargs, type=_submission_id, metavar="ID",
                        help="a visit's id, or its first 8 or more characters (the short id in file names)")


def _submission_id(text: str) -> str:
    """A whole id or a prefix of one (checked here, looked up once the store is open)."""
    try:
        normalise_prefix(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _resolve(store: Store, target: str | uuid.UUID) -> uuid.UUID:
    """A visit's id from what was typed (NotFound or AmbiguousId if it names no single visit)."""
    return target if isinstance(target, uuid.UUID) else store.resolve_id(target)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _library(settings: Settings) -> FormLibrary | None:
    try:
        return load_library(settings.forms_dir, settings.clinic_rules())
    except FormLoadError as exc:
        fail(f"invalid forms in {settings.forms_dir}:\n{exc}", 1)
        return None


def _open_store(settings: Settings) -> Store | None:
    try:
        from kiosk.store import Store, StoreError
    except ImportError:
        fail("the submission store is not part of this build (kiosk.store is missing)", 1)
        return None
    try:
        return Store.open(settings)
    except StoreError as exc:
        fail(str(exc), 1)
        return None


def _review(args: argparse.Namespace) -> int:
    from kiosk.fleet.escalation import review
    from kiosk.store import StoreError

    store = _open_store(load_settings())
    if store is None:
        return 1
    actor, failures = _actor(), 0
    with store:
        for target in args.ids:
            try:
                submission_id = _resolve(store, target)
                handling = review(store, submission_id, actor)
            except (LookupError, StoreError) as exc:
                fail(f"{target}: {exc}", 1)
                failures += 1
                continue
            print(f"{submission_id}: {handling.sentence(Step.reviewed)}")  # the first reviewer, if earlier
    return 1 if failures else 0


def _library_and_store(settings: Settings) -> tuple[FormLibrary, Store] | None:
    """The forms and the open store, or None once a failure to load either has been said."""
    library = _library(settings)
    store = _open_store(settings) if library is not None else None
    return (library, store) if library is not None and store is not None else None


def _export(args: argparse.Namespace) -> int:
    if sum((bool(args.ids), bool(args.date), bool(args.patient))) != 1:
        return fail("give submission IDs or --date YYYY-MM-DD, or --patient ID (one of the three)", 2)
    if args.patient and args.format != "fhir":
        return fail("--patient writes one FHIR history Bundle: add --format fhir", 2)
    settings = load_settings()
    from kiosk.report.export import ExportError, export_folder

    out: Path = args.out or export_folder(settings)
    if args.patient:
        return _export_patient(args.patient, settings, out)
    from kiosk.report.export_worker import ForkedExporter
    from kiosk.report.fhir_options import BundleOptions

    fhir = BundleOptions(bundle_type=args.bundle_type, with_questionnaires=args.with_questionnaires)
    # Forked before the store opens: the worker loads forms, reportlab and fonts meanwhile.
    with ForkedExporter(settings, args.format, fhir) as exporter:
        store = _open_store(settings)
        if store is None:
            return 1
        with store:
            try:
                exporter.ready()
            except ExportError as exc:
                return fail(str(exc), 1)
            return _export_visits(args, store, exporter, out)


def _export_patient(typed: str, settings: Settings, out: Path) -> int:
    from kiosk.report.actions import export_history
    from kiosk.report.export import ExportError
    from kiosk.store import StoreError

    if (opened := _library_and_store(settings)) is None:
        return 1
    library, store = opened
    with store:
        try:
            path, count = export_history(store, library, _resolve(store, typed), out, _actor(), settings.mrn_system)
        except (StoreError, ExportError) as exc:
            return fail(f"{typed}: {exc}", 1)
    print(f"{path} ({count} visit{'s' if count != 1 else ''})")
    return 0


def _export_visits(args: argparse.Namespace, store: Store, exporter: Exporter, out: Path) -> int:
    from kiosk.report.actions import export_visit
    from kiosk.report.export import ExportError
    from kiosk.store import StoreError

    actor, failures = _actor(), 0
    try:
        targets: list[str | uuid.UUID] = args.ids or [entry.id for entry in store.queue(args.date, None, actor=actor)]
    except StoreError as exc:
        return fail(str(exc), 1)
    if not targets:
        print(f"no visits on {args.date.isoformat()}")
    with progress(len(targets), "exporting", "visit") as shown:
        for done, target in enumerate(targets, start=1):
            try:
                path = export_visit(store, exporter, _resolve(store, target), args.format, out, actor)
            except (StoreError, ExportError) as exc:
                fail(f"{target}: {exc}", 1)
                failures += 1
                continue
            finally:
                shown.done(done)
            shown.say(str(path))
    if args.out is None and len(targets) > failures:
        # the folder was not named on the command line: say which one it was
        print(f"kiosk: wrote {len(targets) - failures} file(s) into {out.resolve()} (the default export "
              "folder; --out DIR or KIOSK_EXPORT_DIR to choose another)", file=sys.stderr)
    return 1 if failures else 0


def _print(args: argparse.Namespace) -> int:
    if sum((bool(args.ids), args.retry, args.list)) != 1:
        return fail("give submission IDs, --retry or --list (one of them)", 2)
    from kiosk.report.print_queue import PrintQueue, QueueFileError

    settings = load_settings()
    queue = PrintQueue.for_data_dir(settings.data_dir)
    if args.list:
        try:
            print_json([job.model_dump(mode="json") for job in queue.jobs()])
        except QueueFileError as exc:
            return fail(str(exc), 1)
        return 0
    if args.ids and not settings.printer:  # refused before anything is queued: no retry could send it
        from kiosk.report.printing import NO_PRINTER

        return fail(f"{NO_PRINTER}; nothing was printed or queued", ExitCode.USAGE)
    opened = _library_and_store(settings)
    if opened is None:
        return 1
    library, store = opened
    with store:
        try:
            if args.retry:
                return _retry(store, queue, library, settings)
            return _print_ids(store, queue, library, settings, args.ids)
        except QueueFileError as exc:
            return fail(str(exc), 1)


def _print_ids(store: Store, queue: PrintQueue, library: FormLibrary, settings: Settings,
               ids: list[str]) -> int:
    from kiosk.report.actions import print_visit
    from kiosk.report.printing import PrintError
    from kiosk.store import StoreError

    actor, failures, sent = _actor(), 0, []
    for given in ids:
        try:
            submission_id = _resolve(store, given)
            job = print_visit(store, library, settings, submission_id, actor, queue=queue)
        except StoreError as exc:
            fail(f"{given}: {exc}", 1)
            failures += 1
            continue
        except PrintError as exc:
            fail(f"{submission_id}: {exc} (kept in the print queue; retry with `{kiosk_command()} print --retry`)", 1)
            failures += 1
            continue
        print(f"{submission_id}: sent to {job.printer} ({job.cups_job})")
        sent.append(job.cups_job)
    _warn_if_cups_keeps_files(sent)
    return 1 if failures else 0


def _warn_if_cups_keeps_files(cups_jobs: list[str | None]) -> None:
    """Once the last job has printed, say so if CUPS kept its PDF in the spool."""
    from kiosk.report.printing import KEPT_FILES_WARNING, job_files_kept

    if cups_jobs and cups_jobs[-1] and job_files_kept(cups_jobs[-1]):
        print(f"kiosk: warning: {KEPT_FILES_WARNING}", file=sys.stderr)


def _retry(store: Store, queue: PrintQueue, library: FormLibrary, settings: Settings) -> int:
    from kiosk.care.history import visits_upto
    from kiosk.report.actions import answered_visit
    from kiosk.report.printing import retry_pending

    actor = _actor()
    loaded: dict[str, Submission] = {}

    def load(submission_id: str) -> tuple[Submission, Submission | None]:
        submission = store.get(uuid.UUID(submission_id), actor=actor)  # NotFound is a LookupError
        loaded[submission_id] = submission
        return submission, store.previous_visit(submission, actor=actor)

    outcomes = retry_pending(queue, load, library, settings,
                             forms_for=lambda submission: answered_visit(store, library, submission).library,
                             history_for=lambda submission: visits_upto(store, submission, actor=actor))
    if not outcomes:
        print("print queue is empty")
    failures, sent = 0, []
    for job, error in outcomes:
        if error is not None:
            fail(f"{job.submission_id}: {error} (still queued)", 1)
            failures += 1
            continue
        submission = loaded[str(job.submission_id)]
        store.record(submission.id, Step.printed, actor=actor, action="print",
                     detail=f"printer:{job.printer} cups:{job.cups_job} retry")
        print(f"{job.submission_id}: sent to {job.printer} ({job.cups_job})")
        sent.append(job.cups_job)
    _warn_if_cups_keeps_files(sent)
    return 1 if failures else 0
