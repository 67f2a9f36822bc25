"""Export and print one stored visit, with its audit row and its printed/exported fact.

Shared by the command line (``kiosk export``/``kiosk print``) and the front-desk window,
so both record exactly the same trail. Blocking: the desk runs these on a worker.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.care.history import visits_upto
from kiosk.forms import FormLibrary
from kiosk.intake.answered import AnsweredVisit, answered_library
from kiosk.intake.handling import Step
from kiosk.intake.submission import Submission
from kiosk.report.export import Exporter, ExportFormat
from kiosk.settings import Settings

if TYPE_CHECKING:
    from kiosk.report.print_queue import PrintJob, PrintQueue
    from kiosk.store import Store

def export_visit(
    store: Store, exporter: Exporter, submission_id: uuid.UUID, fmt: ExportFormat, out_dir: Path,
    actor: str,
) -> Path:
    """Write one visit's PDF or FHIR file (0600) into ``out_dir``; audit and record it exported
    (a review stays as it was)."""
    submission = store.get(submission_id, actor=actor)
    previous = store.previous_visit(submission, actor=actor) if fmt == "pdf" else None
    history = visits_upto(store, submission, actor=actor) if fmt == "pdf" else []
    path = exporter.export(submission, out_dir, fmt, previous, store.pinned_forms(submission), history)
    store.record(submission.id, Step.exported, actor=actor, action="export", detail=f"format:{fmt} file:{path.name}")
    return path


def print_visit(
    store: Store, library: FormLibrary, settings: Settings, submission_id: uuid.UUID, actor: str,
    queue: PrintQueue | None = None,
) -> PrintJob:
    """Send one visit's summary to the printer; a failure is audited, stays queued, and re-raises."""
    from kiosk.report.printing import PrintError, print_summary

    submission = store.get(submission_id, actor=actor)
    previous = store.previous_visit(submission, actor=actor)
    answered = answered_visit(store, library, submission).library
    try:
        job = print_summary(submission, answered, settings, previous, queue=queue,
                            history=visits_upto(store, submission, actor=actor))
    except PrintError as exc:
        store.audit(actor, "print.failed", submission.id, f"job:{exc.job.id if exc.job else '-'}")
        raise
    store.record(submission.id, Step.printed, actor=actor, action="print",
                 detail=f"printer:{job.printer} cups:{job.cups_job}")
    return job


def open_visit(store: Store, library: FormLibrary, submission_id: uuid.UUID, actor: str) -> AnsweredVisit:
    """One stored visit (the read audited) with the forms exactly as it was answered."""
    return answered_visit(store, library, store.get(submission_id, actor=actor))


def answered_visit(store: Store, library: FormLibrary, submission: Submission) -> AnsweredVisit:
    """``submission`` with the library of the definitions it was answered with."""
    return AnsweredVisit(submission, answered_library(library, submission, store.pinned_forms(submission)))


def export_history(store: Store, library: FormLibrary, submission_id: uuid.UUID, out_dir: Path,
                   actor: str, mrn_system: str | None = None) -> tuple[Path, int]:
    """Write every visit of the patient of ``submission_id`` (linked histories included) as one
    FHIR history Bundle (0600) into ``out_dir``; audited. The file and how many visits it holds.

    Each visit's Patient is identified as a single-visit export identifies it: the visit's MRN
    (under ``mrn_system``), else the kiosk patient key."""
    from kiosk.report.export import DIR_MODE, ExportError, export_file_name, write_private
    from kiosk.report.fhir import FhirExportError
    from kiosk.report.fhir_history import history_bundle_json
    from kiosk.report.fhir_patient import PatientIdentifier

    submission = store.get(submission_id, actor=actor)
    visits = store.history(submission, actor=actor)
    try:
        data = history_bundle_json(
            [(v, answered_visit(store, library, v).library) for v in visits],
            identify=lambda v: PatientIdentifier.of(
                v.patient, mrn_system, store.keys.patient_key(v.patient.legal_name, v.patient.date_of_birth)))
    except FhirExportError as exc:
        raise ExportError(str(exc)) from None
    target = Path(out_dir) / f"history-{export_file_name(submission, 'fhir')}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        write_private(target, data.encode("utf-8"))
    except OSError as exc:
        raise ExportError(f"cannot write into {out_dir}: {exc.strerror or exc}") from None
    store.audit(actor, "export.history", submission.id, f"format:fhir visits:{len(visits)} file:{target.name}")
    return target, len(visits)
