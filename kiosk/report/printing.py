"""Printing the clinician summary through CUPS (``lp``), with a queue that survives failures.

The PDF goes to CUPS exactly as reportlab made it; re-rendering through Qt's QPrinter
would turn the text into unextractable outlines. Every function here is plain blocking
code without Qt, meant to run on a worker thread (the UI wraps it the way Anki's
``QueryOp`` does) or in the CLI. Printing never changes the submission: marking it
``printed`` is the caller's job, and only after a successful send.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Sequence
from functools import partial

from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.ops.logs import event
from kiosk.report.export import short_id
from kiosk.report.print_queue import PrintJob, PrintQueue
from kiosk.settings import Settings

log = logging.getLogger(__name__)
LP_TIMEOUT = 60.0
NO_PRINTER = "no printer is configured: set KIOSK_PRINTER to a CUPS queue name (`lpstat -p` lists them)"
_REQUEST_ID = re.compile(r"request id is (\S+)")
KEPT_FILES_WARNING = (
    "CUPS keeps a copy of every printed summary in its spool after printing (PreserveJobFiles, "
    "a day by default); set `PreserveJobFiles No` in cupsd.conf so patient data does not linger there"
)
_JOB_PRESERVED_TEST = """{
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job_id
  ATTR keyword requested-attributes job-state,job-preserved
}
"""

Loader = Callable[[str], tuple[Submission, Submission | None]]
"""Given a submission id, the submission and its previous visit (for retries)."""


class PrintError(Exception):
    """A print that did not reach the printer; ``job`` is the queued job left for a retry."""

    def __init__(self, message: str, job: PrintJob | None = None) -> None:
        super().__init__(message)
        self.job = job


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, input=data, capture_output=True, timeout=LP_TIMEOUT, check=False)


def _message(result: subprocess.CompletedProcess[bytes]) -> str:
    text = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
    return " ".join(text.split()) or f"exit status {result.returncode}"


def check_printer(printer: str | None) -> str:
    """The printer's name if CUPS knows it and it accepts jobs; else PrintError saying why."""
    if not printer:
        raise PrintError(NO_PRINTER)
    if shutil.which("lp") is None or shutil.which("lpstat") is None:
        raise PrintError("CUPS client tools (lp, lpstat) are not installed: apt-get install cups-client")
    try:
        state = _run(["lpstat", "-p", printer])
    except subprocess.TimeoutExpired:
        raise PrintError("CUPS did not answer within a minute; is cupsd running?") from None
    if state.returncode != 0:
        raise PrintError(_scheduler_problem() or f"printer {printer!r} is not available: {_message(state)}")
    if "disabled" in state.stdout.decode("utf-8", "replace"):
        raise PrintError(f"printer {printer!r} is paused (disabled) in CUPS; enable it with "
                         f"`cupsenable {printer}`")
    return printer


def _scheduler_problem() -> str | None:
    """Why CUPS itself cannot be reached (None when its scheduler answers).

    With cupsd down, ``lpstat -p`` only says "Invalid destination name", which sends staff
    looking for a typo in KIOSK_PRINTER.
    """
    try:
        answer = _run(["lpstat", "-r"]).stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        answer = "not running"
    if "not running" not in answer:
        return None
    server = os.environ.get("CUPS_SERVER")
    where = f" at {server} (CUPS_SERVER)" if server else ""
    return f"the CUPS print service (cupsd) is not running or cannot be reached{where}; start it, then retry"


def job_files_kept(cups_job: str, wait: float = 20.0) -> bool | None:
    """Whether CUPS kept the document of a finished job in its spool; None if it cannot tell.

    Waits up to ``wait`` seconds for the job to finish (a kept file only shows then) and
    asks CUPS through ``ipptool`` (package cups-ipp-utils) for the job's ``job-preserved``.
    """
    printer, _, number = cups_job.rpartition("-")
    if not printer or not number.isdigit() or shutil.which("ipptool") is None:
        return None
    uri = f"ipp://{_ipp_host(os.environ.get('CUPS_SERVER', 'localhost'))}/printers/{printer}"
    with tempfile.NamedTemporaryFile("w", suffix=".test") as test:
        test.write(_JOB_PRESERVED_TEST)
        test.flush()
        deadline = time.monotonic() + wait
        while True:
            try:
                answer = _run(["ipptool", "-tv", "-d", f"job_id={number}", uri, test.name])
            except subprocess.TimeoutExpired:
                return None
            text = answer.stdout.decode("utf-8", "replace")
            finished = re.search(r"job-state \(enum\) = (completed|canceled|aborted)", text)
            if finished or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    if not finished:
        return None
    return "job-preserved (boolean) = true" in text


def _ipp_host(server: str) -> str:
    """The host part of an IPP URI for ``CUPS_SERVER``.

    A local socket path (``/run/cups/cups.sock``, or a private cupsd's) is percent-encoded
    whole, which ipptool connects to as a domain socket; reading it as "localhost" would ask
    whichever cupsd listens on port 631 — possibly none, possibly a different one.
    """
    return urllib.parse.quote(server, safe="") if server.startswith("/") else server


def _lp(pdf: bytes, printer: str, title: str) -> str:
    try:
        result = _run(["lp", "-d", printer, "-t", title, "-"], pdf)
    except subprocess.TimeoutExpired:
        raise PrintError(f"printer {printer!r}: CUPS did not accept the job within a minute") from None
    if result.returncode != 0:
        raise PrintError(f"printer {printer!r} refused the job: {_message(result)}")
    found = _REQUEST_ID.search(result.stdout.decode("utf-8", "replace"))
    return found.group(1) if found else ""


def send_pdf(pdf: bytes, printer: str, title: str) -> str:
    """Hand a PDF to CUPS on ``printer`` via ``lp`` (from stdin, so it never touches our disk).

    Returns the CUPS request id. The title is what CUPS shows in its job list, so it must
    not name the patient.
    """
    return _lp(pdf, check_printer(printer), title)


def _attempt(job: PrintJob, queue: PrintQueue, render: Callable[[], bytes], title: str) -> PrintJob:
    """One try at a queued job: check the printer, render, send; the queue records the result."""
    attempts = job.attempts + 1
    try:
        printer = check_printer(job.printer)
        try:
            pdf = render()
        except Exception as exc:  # a rendering bug must not lose the job or reach the patient
            raise PrintError(f"the summary could not be rendered: {type(exc).__name__}") from exc
        cups_job = _lp(pdf, printer, title)
    except PrintError as exc:
        failed = queue.update(job.id, status="failed", error=str(exc), attempts=attempts)
        event(log, "print_failed", logging.WARNING, job=job.id, attempts=attempts)
        raise PrintError(str(exc), failed) from None
    event(log, "print_sent", job=job.id, attempts=attempts)
    return queue.update(job.id, status="sent", error=None, attempts=attempts, cups_job=cups_job)


def print_summary(
    submission: Submission,
    library: FormLibrary,
    settings: Settings,
    previous: Submission | None = None,
    queue: PrintQueue | None = None,
    now: dt.datetime | None = None,
    history: Sequence[Submission] = (),
) -> PrintJob:
    """Queue, render and send one visit's summary to ``settings.printer``.

    Returns the sent job; on any failure raises PrintError carrying the job, which stays in
    the queue as ``failed`` with its error for a retry. With no printer configured at all
    it raises at once (``job`` None) and queues nothing: a job without a printer is not
    one a retry can send. Blocking: call from a worker.
    """
    from kiosk.report.pdf import render_summary

    if not settings.printer:
        raise PrintError(NO_PRINTER)
    queue = queue or PrintQueue.for_data_dir(settings.data_dir)
    job = queue.add(submission.id, settings.printer)
    render = partial(render_summary, submission, library, settings, previous=previous, now=now,
                     history=history)
    return _attempt(job, queue, render, f"kiosk-summary-{short_id(submission)}")


def retry_pending(
    queue: PrintQueue, load: Loader, library: FormLibrary, settings: Settings,
    forms_for: Callable[[Submission], FormLibrary] | None = None,
    history_for: Callable[[Submission], Sequence[Submission]] | None = None,
) -> list[tuple[PrintJob, str | None]]:
    """Try every unsent job again (re-rendering its PDF); each job with its error or None.

    Jobs go to the printer now in settings: a retry usually follows fixing that setting.
    ``forms_for`` gives a visit's forms as it was answered (else ``library`` as it is);
    ``history_for`` the patient's visits for the trend charts (``kiosk.care.history.visits_upto``).
    """
    from kiosk.report.pdf import render_summary

    outcomes: list[tuple[PrintJob, str | None]] = []
    for job in queue.pending():
        if settings.printer and job.printer != settings.printer:
            job = queue.update(job.id, printer=settings.printer)
        try:
            submission, previous = load(str(job.submission_id))
            forms = forms_for(submission) if forms_for else library  # a damaged one: LookupError
            history = history_for(submission) if history_for else ()
        except LookupError as exc:
            failed = queue.update(job.id, status="failed", error=f"cannot load the visit: {exc}",
                                  attempts=job.attempts + 1)
            outcomes.append((failed, failed.error))
            continue
        render = partial(render_summary, submission, forms, settings, previous=previous, history=history)
        try:
            sent = _attempt(job, queue, render, f"kiosk-summary-{short_id(submission)}")
        except PrintError as exc:
            assert exc.job is not None
            outcomes.append((exc.job, str(exc)))
            continue
        outcomes.append((sent, None))
    return outcomes
