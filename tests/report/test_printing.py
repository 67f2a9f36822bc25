"""Printing through a real CUPS, and the queue that keeps failed jobs for a retry."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.report.print_queue import PrintQueue
from kiosk.report.printing import PrintError, job_files_kept, print_summary, retry_pending
from kiosk.settings import Settings
from tests.report.conftest import PHQ9_ANSWERS, make_visit

PRINTER = os.environ.get("KIOSK_TEST_PRINTER")
CUPS_OUT = os.environ.get("KIOSK_TEST_CUPS_OUT")
needs_cups = pytest.mark.usefixtures("require_cups")
needs_lp = pytest.mark.usefixtures("require_lp")


def wait_for_output(folder: Path, short_id: str, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(f"*{short_id}*.pdf") if p.stat().st_size > 0]
        if found:
            time.sleep(0.5)  # cups-pdf may still be finishing the file
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"no cups-pdf output for {short_id} in {folder} after {timeout} s")


def test_no_printer_configured_is_refused_and_nothing_queued(library: FormLibrary, settings: Settings) -> None:
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS}, name="Zoë Nguyễn")
    queue = PrintQueue.for_data_dir(settings.data_dir)
    with pytest.raises(PrintError, match="no printer is configured: set KIOSK_PRINTER") as caught:
        print_summary(visit, library, settings, queue=queue)
    assert caught.value.job is None  # a job with no printer is not one a retry could send
    assert queue.pending() == [] and queue.jobs() == []


@needs_lp
def test_missing_printer_fails_clearly_and_stays_queued(library: FormLibrary, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, printer="NoSuchPrinter")
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    queue = PrintQueue.for_data_dir(tmp_path)
    for attempt in (1, 2):
        with pytest.raises(PrintError, match="printer 'NoSuchPrinter' is not available"):
            print_summary(visit, library, settings, queue=queue)
        [job] = queue.pending()
        assert (job.status, job.attempts, job.printer) == ("failed", attempt, "NoSuchPrinter")
        assert job.error and "NoSuchPrinter" in job.error
    assert list(tmp_path.glob("**/*.pdf")) == []  # the PDF itself never sits on our disk


@needs_cups
def test_real_print_reaches_cups_pdf(library: FormLibrary, tmp_path: Path) -> None:
    assert PRINTER and CUPS_OUT
    settings = Settings(data_dir=tmp_path, printer=PRINTER, clinic_name="Riverside Recovery Clinic")
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    job = print_summary(visit, library, settings, queue=PrintQueue.for_data_dir(tmp_path))
    assert job.status == "sent" and job.cups_job and job.cups_job.startswith(f"{PRINTER}-")
    output = wait_for_output(Path(CUPS_OUT), visit.id.hex[:8])
    pages = PdfReader(output).pages
    first = pages[0].extract_text()
    assert "NEEDS ATTENTION" in first and visit.id.hex[:8] in first
    assert f"Page 1 of {len(pages)}" in " ".join(first.split())
    output.unlink()


@needs_cups
def test_failed_job_is_retried_once_printer_is_set(library: FormLibrary, tmp_path: Path) -> None:
    assert PRINTER and CUPS_OUT
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    queue = PrintQueue.for_data_dir(tmp_path)
    with pytest.raises(PrintError):  # a wrong printer name: the job waits in the queue
        print_summary(visit, library, Settings(data_dir=tmp_path, printer="NoSuchPrinter"), queue=queue)

    def load(submission_id: str) -> tuple[Submission, Submission | None]:
        assert submission_id == str(visit.id)
        return visit, None

    [(job, error)] = retry_pending(queue, load, library, Settings(data_dir=tmp_path, printer=PRINTER))
    assert error is None and job.status == "sent" and job.attempts == 2 and job.printer == PRINTER
    assert queue.pending() == []
    wait_for_output(Path(CUPS_OUT), visit.id.hex[:8]).unlink()


def test_retry_of_unknown_submission_records_error(library: FormLibrary, tmp_path: Path) -> None:
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    queue = PrintQueue.for_data_dir(tmp_path)
    queue.add(visit.id, "PDF")

    def load(submission_id: str) -> tuple[Submission, Submission | None]:
        raise LookupError(f"no submission {submission_id}")

    [(job, error)] = retry_pending(queue, load, library, Settings(data_dir=tmp_path))
    assert job.status == "failed" and error and "cannot load the visit" in error


def test_damaged_queue_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    from kiosk.report.print_queue import QueueFileError

    queue = PrintQueue.for_data_dir(tmp_path)
    queue.directory.mkdir()
    queue.path.write_text("{not json")
    with pytest.raises(QueueFileError, match="damaged"):
        queue.pending()
    assert queue.path.read_text() == "{not json"


@needs_lp
def test_cupsd_out_of_reach_is_said_plainly(library: FormLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:9")  # nothing listens there; the shared cupsd is left alone
    settings = Settings(data_dir=tmp_path, printer=PRINTER or "PDF")
    with pytest.raises(PrintError) as caught:
        print_summary(make_visit(library, {"phq9": PHQ9_ANSWERS}), library, settings,
                      queue=PrintQueue.for_data_dir(tmp_path))
    message = str(caught.value)
    assert "cupsd) is not running or cannot be reached at 127.0.0.1:9 (CUPS_SERVER)" in message
    assert "Invalid destination" not in message


@needs_cups
@pytest.mark.skipif(shutil.which("ipptool") is None, reason="ipptool (cups-ipp-utils) not installed")
def test_job_files_kept_by_cups_are_detected(library: FormLibrary, tmp_path: Path) -> None:
    assert PRINTER and CUPS_OUT
    settings = Settings(data_dir=tmp_path, printer=PRINTER)
    visit = make_visit(library, {"phq9": PHQ9_ANSWERS})
    job = print_summary(visit, library, settings, queue=PrintQueue.for_data_dir(tmp_path))
    assert job.cups_job
    kept = job_files_kept(job.cups_job)
    wait_for_output(Path(CUPS_OUT), visit.id.hex[:8]).unlink()
    # The spool of the cupsd we printed to: .ci/services.sh names its private one.
    spool = Path(os.environ.get("KIOSK_TEST_CUPS_SPOOL", "/var/spool/cups"))
    if os.access(spool, os.R_OK):  # as root, see for ourselves what CUPS left behind
        number = int(job.cups_job.rsplit("-", 1)[1])
        assert kept == (spool / f"d{number:05d}-001").exists()
    else:
        assert kept is not None
