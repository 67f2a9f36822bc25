"""Writing a visit's summary (PDF) or FHIR bundle into an export folder, privately and atomically.

Files are created with mode 0600 from the first byte (never chmod-ed afterwards) and only
appear under their final name once complete, so a crash leaves no half-written file.
File names carry the visit time and a short id, never the patient's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from kiosk.files import write_private_file
from kiosk.forms.canonical import CanonicalForm
from kiosk.forms.loader import FormLibrary
from kiosk.intake.answered import answered_library
from kiosk.intake.submission import Submission
from kiosk.report.wording import local_time
from kiosk.settings import Settings

if TYPE_CHECKING:
    from kiosk.report.fhir_options import BundleOptions

ExportFormat = Literal["pdf", "fhir"]
DIR_MODE = 0o700
_SUFFIX = {"pdf": "pdf", "fhir": "json"}


class ExportError(Exception):
    """An export that could not be written; the message says which file and why."""


def export_folder(settings: Settings) -> Path:
    """Where exports go when no folder is given: ``KIOSK_EXPORT_DIR``, else ``data_dir/exports``.

    One rule for the desk's Export buttons and ``kiosk export`` without ``--out``.
    """
    return Path(settings.export_dir or settings.data_dir / "exports")


def short_id(submission: Submission) -> str:
    """The first 8 hex digits of the id: enough to tell a day's visits apart."""
    return submission.id.hex[:8]


def export_file_name(submission: Submission, fmt: ExportFormat = "pdf") -> str:
    """``YYYYMMDD-HHMM-<short id>.pdf`` in the clinic's local time; no patient data."""
    when = local_time(submission.created_at)
    return f"{when:%Y%m%d-%H%M}-{short_id(submission)}.{_SUFFIX[fmt]}"


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600, atomically (temp file, fsync, rename)."""
    write_private_file(path, data)


def _fhir_json(submission: Submission, library: FormLibrary, settings: Settings,
               options: BundleOptions | None) -> str:
    """The Bundle, its Patient identified by the visit's MRN, else the kiosk patient key under the
    clinic's keys."""
    try:
        from dataclasses import replace

        from kiosk.report.fhir import BundleOptions, FhirExportError, visit_bundle_json
        from kiosk.report.fhir_patient import PatientIdentifier
        from kiosk.store.errors import KeyStoreError
        from kiosk.store.keys import KeyStore
    except ImportError:
        raise ExportError("FHIR export is not available in this version of the kiosk "
                          "(kiosk.report.fhir is missing)") from None
    options = options or BundleOptions()
    if options.patient is None:
        try:
            key = KeyStore.load(settings).patient_key(submission.patient.legal_name,
                                                      submission.patient.date_of_birth)
        except KeyStoreError as exc:
            raise ExportError(f"no patient key for the FHIR Patient: {exc}") from None
        options = replace(options, patient=PatientIdentifier.of(submission.patient, settings.mrn_system, key))
    try:
        return visit_bundle_json(submission, library, options)
    except FhirExportError as exc:
        raise ExportError(str(exc)) from None


def render_export(
    submission: Submission,
    library: FormLibrary,
    settings: Settings,
    fmt: ExportFormat,
    previous: Submission | None = None,
    now: dt.datetime | None = None,
    history: Sequence[Submission] = (),
    fhir: BundleOptions | None = None,
) -> bytes:
    """The bytes of one export: the clinician PDF (``history``, the patient's visits, adds its
    trend charts), or the FHIR bundle as JSON (``fhir``: its shape)."""
    if fmt == "fhir":
        return _fhir_json(submission, library, settings, fhir).encode("utf-8")
    from kiosk.report.pdf import render_summary  # reportlab loads only when a PDF is made

    return render_summary(submission, library, settings, previous=previous, now=now, history=history)


def export_submission(
    submission: Submission,
    library: FormLibrary,
    settings: Settings,
    out_dir: Path,
    fmt: ExportFormat = "pdf",
    previous: Submission | None = None,
    now: dt.datetime | None = None,
    history: Sequence[Submission] = (),
    fhir: BundleOptions | None = None,
) -> Path:
    """Render and write one export into ``out_dir`` (created 0700 if missing); its path."""
    out_dir = Path(out_dir)
    data = render_export(submission, library, settings, fmt, previous=previous, now=now, history=history,
                         fhir=fhir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        target = out_dir / export_file_name(submission, fmt)
        write_private(target, data)
    except OSError as exc:
        raise ExportError(f"cannot write into {out_dir}: {exc.strerror or exc}") from None
    return target


class Exporter(Protocol):
    """Something that turns a stored visit into an export file: in this process (the desk,
    which is warm) or in a forked worker (a cold `kiosk export`, see export_worker)."""

    def export(self, submission: Submission, out_dir: Path, fmt: ExportFormat,
               previous: Submission | None,
               pinned: Mapping[str, CanonicalForm] | None = None,
               history: Sequence[Submission] = ()) -> Path:
        """Write one visit's export into ``out_dir``; its path. Raises ExportError.

        ``pinned``: the stored definitions the visit was answered with (``Store.pinned_forms``);
        forms not in it are shown from today's files, with a note where that differs.
        """
        ...  # pragma: no cover


@dataclass(frozen=True)
class LocalExporter:
    """Exports in this process with an already loaded form library."""

    library: FormLibrary
    settings: Settings
    fhir: BundleOptions | None = None
    """The shape of FHIR exports (bundle type, questionnaires); None: the defaults."""

    def export(self, submission: Submission, out_dir: Path, fmt: ExportFormat,
               previous: Submission | None,
               pinned: Mapping[str, CanonicalForm] | None = None,
               history: Sequence[Submission] = ()) -> Path:
        """See Exporter.export."""
        library = answered_library(self.library, submission, pinned or {})
        return export_submission(submission, library, self.settings, out_dir, fmt, previous, history=history,
                                 fhir=self.fhir)
