"""What the front desk can do, each call audit-logged with the signed-in staff member.

Plain Python over the store and the report functions (no widgets), run by the desk window
on a worker thread.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from kiosk.forms import FormLibrary
from kiosk.intake.answered import AnsweredVisit
from kiosk.intake.submission import SEVERITY_RANK
from kiosk.report.export import ExportFormat
from kiosk.settings import Settings
from kiosk.staff.service import StaffMember
from kiosk.store import QueueEntry, Store, UnreadableRow

if TYPE_CHECKING:
    from kiosk.care.day_labels import DayLabels
    from kiosk.care.day_report import DayReport
    from kiosk.care.history import PatientHistory
    from kiosk.fleet.heartbeat import KioskStatus
    from kiosk.fleet.push import ChangeWatcher


def desk_order(entries: list[QueueEntry]) -> list[QueueEntry]:
    """Critical first, then warnings, then the rest; newest first within each."""
    by_time = sorted(entries, key=lambda e: e.created_at, reverse=True)
    return sorted(by_time, key=lambda e: -SEVERITY_RANK[e.severity])


class StoreDeskActions:
    """The desk's actions for one signed-in staff member."""

    def __init__(self, store: Store, library: FormLibrary, settings: Settings, member: StaffMember,
                 today: dt.date | None = None) -> None:
        self._store = store
        self._library = library
        self._settings = settings
        self._actor = f"staff:{member.id}"
        self._today = today
        self.unreadable: list[UnreadableRow] = []
        store.audit(self._actor, "queue.view")  # once per sign-in, not on every poll

    def queue(self) -> list[QueueEntry]:
        """The day's readable visits; those that cannot be decrypted are kept in ``unreadable``
        (by id, time and severity, which are stored in clear) so the desk can say so: a damaged
        row must not vanish silently, least of all a critical one."""
        view = self._store.queue_view(self._today or dt.date.today())
        self.unreadable = view.unreadable
        return desk_order(view.entries)

    def day_report(self) -> DayReport:
        """Today's figures for the desk's Today tab (counts only: not audited as a read of visits)."""
        from kiosk.care.day_report import day_report

        return day_report(self._store, self._today or dt.date.today())

    def day_labels(self) -> DayLabels:
        """Words for the day report's screens and appointment types, in the desk's language."""
        from kiosk.care.day_labels import DayLabels

        return DayLabels(self._library, self._settings.desk_language)

    def watcher(self) -> ChangeWatcher:
        """Pushes queue changes to this desk (LISTEN/NOTIFY or SQLite's data_version)."""
        from kiosk.fleet.push import watcher_for

        return watcher_for(self._store.engine)

    def open(self, submission_id: uuid.UUID) -> AnsweredVisit:
        """The visit with the forms exactly as it was answered (not today's files)."""
        from kiosk.report.actions import open_visit

        return open_visit(self._store, self._library, submission_id, self._actor)

    def mark_reviewed(self, submission_id: uuid.UUID) -> None:
        from kiosk.fleet.escalation import review

        review(self._store, submission_id, self._actor)

    def fleet(self) -> list[KioskStatus]:
        """Every kiosk's last heartbeat, for the desk's strip (no patient data)."""
        from kiosk.fleet.heartbeat import fleet_status

        return fleet_status(self._store.engine)

    def escalations(self) -> list[tuple[uuid.UUID, dt.datetime, str]]:
        """Escalate what is overdue now (any desk or kiosk may; each notice goes out once),
        then every escalated visit nobody acknowledged, for the desk's re-alert."""
        from kiosk.fleet.escalation import escalate_once, open_escalations

        escalate_once(self._store, self._settings)
        return open_escalations(self._store)

    def search(self, legal_name: str, date_of_birth: dt.date) -> list[AnsweredVisit]:
        from kiosk.report.actions import answered_visit

        found = self._store.find(legal_name, date_of_birth, actor=self._actor)
        return [answered_visit(self._store, self._library, s)
                for s in sorted(found, key=lambda s: s.created_at, reverse=True)]

    def history(self, submission_id: uuid.UUID) -> PatientHistory:
        """The patient's score series over every visit on record, for the History tab."""
        from kiosk.care.history import patient_history

        return patient_history(self._store, submission_id, self._library, actor=self._actor)

    def link(self, submission_id: uuid.UUID, other: str, *, undo: bool = False) -> str:
        """Link (or ``undo`` a link of) this visit's history with the visit whose id starts with
        ``other`` (a name typed two ways); audited. The outcome in words."""
        other_id = self._store.resolve_id(other.strip())
        if undo:
            self._store.unlink_histories(submission_id, other_id, actor=self._actor)
            return f"Unlinked {other_id.hex[:8]} from this patient's history"
        self._store.link_histories(submission_id, other_id, actor=self._actor)
        return f"Linked {other_id.hex[:8]}: one patient's history"

    def set_mrn(self, submission_id: uuid.UUID, mrn: str) -> str:
        """Give the visit the clinic's MRN ``mrn`` (blank: remove it); audited. The outcome in words."""
        kept = self._store.set_mrn(submission_id, mrn, actor=self._actor)
        return f"MRN saved: {kept}" if kept else "MRN removed"

    def export(self, submission_id: uuid.UUID, fmt: ExportFormat) -> str:
        from kiosk.report.actions import export_visit
        from kiosk.report.export import LocalExporter, export_folder

        out = export_folder(self._settings)
        exporter = LocalExporter(self._library, self._settings)
        return str(export_visit(self._store, exporter, submission_id, fmt, out, self._actor))

    def print_summary(self, submission_id: uuid.UUID) -> str:
        from kiosk.report.actions import print_visit

        job = print_visit(self._store, self._library, self._settings, submission_id, self._actor)
        return f"Sent to printer {job.printer} (job {job.cups_job})"
