"""Reading visits: the day's queue, short ids, lookups by name and date of birth, damaged rows.

One row that cannot be decrypted (altered, or its key is gone) costs that row only: it is
named by id, recorded once in the audit log, and every other row is still shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, select

from kiosk.intake.submission import Submission
from kiosk.store.codec import decode
from kiosk.store.errors import StoreError, UnreadableVisit
from kiosk.store.handling import QUEUE_FILTERS, queue_filter
from kiosk.store.ids import resolve_prefix
from kiosk.store.keys import KeyStore, normalise_name
from kiosk.store.queue import QueueEntry, QueueView, UnreadableRow
from kiosk.store.tables import audit_log as audit_t
from kiosk.store.tables import submissions as sub_t
from kiosk.store.refusals import database
from kiosk.store.transactions import TransactionsMixin

log = logging.getLogger(__name__)
UNREADABLE = "visit.unreadable"


class ReadingMixin(TransactionsMixin):
    """Queue, find, previous visit and the scan for unreadable visits; mixed into Store."""

    def queue(
        self, day: dt.date | None = None, status: str | None = None, *, actor: str | None = None
    ) -> list[QueueEntry]:
        """The day's readable submissions (see ``queue_view`` for the unreadable ones too)."""
        return self.queue_view(day, status, actor=actor).entries

    def queue_view(
        self, day: dt.date | None = None, status: str | None = None, *, actor: str | None = None
    ) -> QueueView:
        """The day's (local calendar day) submissions, critical first, then by arrival time.

        One damaged row does not hide the others: it is listed by id in ``unreadable`` and
        recorded once in the audit log. With ``actor`` the view of names is audited.
        ``status``: one of ``QUEUE_FILTERS`` (``new``: not reviewed yet), None for every visit.
        """
        day = day or dt.date.today()
        start = dt.datetime.combine(day, dt.time.min).astimezone()
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min).astimezone()
        query = select(sub_t).where(sub_t.c.created_at >= start, sub_t.c.created_at < end)
        if status is not None:
            if status not in QUEUE_FILTERS:
                raise StoreError(f"unknown queue filter {status!r}: one of {', '.join(QUEUE_FILTERS)}")
            query = query.where(queue_filter(status))
        query = query.order_by(sub_t.c.severity_rank.desc(), sub_t.c.created_at, sub_t.c.id)
        if actor is None:
            with database("reading the queue"), self._connect(write=False) as conn:
                rows = conn.execute(query).all()
        else:
            with self.writing("reading the queue") as tx:
                rows = tx.conn.execute(query).all()
                tx.log(actor, "queue.view", None, f"date:{day.isoformat()} rows:{len(rows)}")
        readable, unreadable = self._decode_all(rows)
        self.record_unreadable(unreadable, actor)
        return QueueView(entries=[QueueEntry.of(s) for s in readable], unreadable=unreadable)

    def resolve_id(self, text: str) -> uuid.UUID:
        """The id of the one submission whose id starts with ``text``: a whole id, or a prefix of
        at least 8 hex digits such as the short id in export file names and on the PDF.

        NotFound if none, AmbiguousId if several match; ValueError if ``text`` cannot be an id.
        Reads only ids, so it is not audited.
        """
        with database("looking up a visit id"), self._connect(write=False) as conn:
            return resolve_prefix(conn, text)

    def find(self, legal_name: str, date_of_birth: dt.date, *, actor: str) -> list[Submission]:
        """Every visit of a patient, newest first, found through the blind index."""
        indexes = self.keys.blind_indexes(legal_name, date_of_birth)
        query = select(sub_t).where(sub_t.c.blind_index.in_(indexes)).order_by(sub_t.c.created_at.desc())
        with self.writing("looking up a patient") as tx:
            readable, unreadable = self._decode_all(tx.conn.execute(query).all())
            found = [s for s in readable if _same_person(s, legal_name, date_of_birth)]
            tx.log(actor, "find", None, f"results:{len(found)}")
        self.record_unreadable(unreadable, actor)
        return found

    def previous_visit(self, submission: Submission, *, actor: str = "system") -> Submission | None:
        """The same patient's latest visit before this one (for score trends), or None."""
        patient = submission.patient
        indexes = self.keys.blind_indexes(patient.legal_name, patient.date_of_birth)
        query = (
            select(sub_t)
            .where(sub_t.c.blind_index.in_(indexes), sub_t.c.created_at < submission.created_at,
                   sub_t.c.id != submission.id)
            .order_by(sub_t.c.created_at.desc())
            .limit(5)
        )
        with self.writing("reading the previous visit") as tx:
            readable, unreadable = self._decode_all(tx.conn.execute(query).all())
            found = next((s for s in readable if _same_person(s, patient.legal_name, patient.date_of_birth)), None)
            if found is not None:
                tx.log(actor, "read.previous", found.id, f"for:{submission.id}")
        self.record_unreadable(unreadable, actor)
        return found

    def unreadable_visits(self, batch_size: int = 500) -> list[UnreadableRow]:
        """Every stored visit that cannot be decrypted (``kiosk audit verify`` lists them)."""
        with database("reading the visits"), self._connect(write=False) as conn:
            return scan_unreadable(conn, self.keys, batch_size)

    def _decode_all(self, rows: Iterable[Row[Any]]) -> tuple[list[Submission], list[UnreadableRow]]:
        """The rows that decrypt, and the ones that do not (by id): one bad row hides nothing else."""
        readable, unreadable = [], []
        for row in rows:
            try:
                readable.append(decode(row, self.keys))
            except UnreadableVisit:
                unreadable.append(UnreadableRow.of(row))
        return readable, unreadable

    def record_unreadable(self, rows: list[UnreadableRow], actor: str | None) -> None:
        """One audit entry per unreadable visit (once, however often it is listed); best effort."""
        if not rows:
            return
        ids = [r.id for r in rows]
        try:
            with self.writing("recording unreadable visits") as tx:
                seen = set(tx.conn.execute(select(audit_t.c.submission_id).where(
                    audit_t.c.action == UNREADABLE, audit_t.c.submission_id.in_(ids))).scalars())
                for row in rows:
                    if row.id not in seen:
                        tx.log(actor or "system", UNREADABLE, row.id, f"key:{row.key_id}")
        except StoreError as exc:  # the caller still shows what it could read
            log.error("could not record %d unreadable visit(s) in the audit log (%s)", len(rows), exc)


def scan_unreadable(conn: Connection, keys: KeyStore, batch_size: int = 500) -> list[UnreadableRow]:
    """Every visit in the database that ``keys`` cannot decrypt, by id; only reads."""
    bad: list[UnreadableRow] = []
    for row in conn.execution_options(yield_per=batch_size).execute(select(sub_t).order_by(sub_t.c.id)):
        try:
            decode(row, keys)
        except UnreadableVisit:
            bad.append(UnreadableRow.of(row))
    return bad


def _same_person(submission: Submission, legal_name: str, date_of_birth: dt.date) -> bool:
    patient: Any = submission.patient
    return bool(patient.date_of_birth == date_of_birth
                and normalise_name(patient.legal_name) == normalise_name(legal_name))
