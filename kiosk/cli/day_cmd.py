"""``kiosk report day``: the clinic's day at a glance, on the terminal or as a CSV or PDF file.

Counts only (kiosk.care.day_report); the store and reportlab are imported in the handler so
every other command starts without them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.io import fail
from kiosk.cli.store_cmd import _date  # one parser of YYYY-MM-DD for every command
from kiosk.settings import load_settings

FORMATS = (".csv", ".pdf")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser("report", help="reports over the stored visits (counts, no patient data)")
    kinds = report.add_subparsers(dest="report", metavar="REPORT")
    day = kinds.add_parser(
        "day", help="the clinic's day: visits by type, completion, where patients give up, flags, review times",
        epilog="The day is the local calendar day of this machine's time zone (as the desk's queue). "
               "Exit codes: 0 done, 1 the store or the file refused, 2 bad arguments.",
    )
    day.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="default: today")
    day.add_argument("--language", choices=("en", "es"), default=None,
                     help="words for screens and appointment types (default: the desk_language setting)")
    day.add_argument("--out", type=_out_file, metavar="FILE.pdf|FILE.csv",
                     help="write a PDF or CSV file instead of printing the figures")
    day.set_defaults(handler=_day)


def _out_file(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in FORMATS:
        raise argparse.ArgumentTypeError(f"{text!r}: the file name must end in .pdf or .csv")
    return path


def _day(args: argparse.Namespace) -> int:
    from kiosk.care.day_files import write_csv, write_pdf
    from kiosk.care.day_labels import DayLabels
    from kiosk.care.day_report import day_report
    from kiosk.forms import FormLoadError, load_library
    from kiosk.store import Store, StoreError

    settings = load_settings()
    try:
        labels = DayLabels(load_library(settings.forms_dir, settings.clinic_rules()),
                           args.language or settings.desk_language)
    except FormLoadError as exc:
        return fail(f"invalid forms:\n{exc}", ExitCode.FAILED)
    day: dt.date = args.date or dt.date.today()
    try:
        with Store.open(settings) as store:
            report = day_report(store, day)
            store.audit(f"cli:{getpass.getuser()}", "report.day", None, f"date:{day.isoformat()}")
    except StoreError as exc:
        return fail(str(exc), ExitCode.FAILED)
    out: Path | None = args.out
    if out is None:
        rows = report.rows(labels)
        width = max(len(item) for _section, item, _value in rows)
        section = ""
        for heading, item, value in rows:
            if heading != section:
                print(f"\n{heading}" if section else heading)
                section = heading
            print(f"  {item:<{width}}  {value}")
        return ExitCode.OK
    try:
        if out.suffix.lower() == ".csv":
            write_csv(report, out, labels)
        else:
            write_pdf(report, out, settings.clinic_name, labels)
    except OSError as exc:
        return fail(f"cannot write {out}: {exc.strerror or exc}", ExitCode.FAILED)
    print(f"wrote {out}")
    return ExitCode.OK
