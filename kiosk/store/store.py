"""The submission store: one transaction per visit, encrypted at rest, every read audited."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kiosk.intake.submission import Status, Submission
from kiosk.settings import Settings
from kiosk.store import audit as audit_log
from kiosk.store import registry
from kiosk.store.anchor import ANCHOR_FILE, Anchor, AnchorFile
from kiosk.store.codec import decode, encode
from kiosk.store.engine import READ_ONLY, make_engine
from kiosk.store.files import disk_full_hint
from kiosk.store.errors import KeyMismatch, KeyStoreError, NotFound, StoreError, StoreUnavailable, UnreadableVisit
from kiosk.store.keys import KeyStore, normalise_name
from kiosk.store.migrate import upgrade
from kiosk.store.queue import QueueEntry, QueueView, UnreadableRow
from kiosk.store.spool import Spool
from kiosk.store.staff import StaffRepositoryMixin
from kiosk.store.tables import audit_log as audit_t
from kiosk.store.tables import submissions as sub_t

log = logging.getLogger(__name__)
UTC = dt.timezone.utc
UNREADABLE = "visit.unreadable"


def _reason(exc: SQLAlchemyError) -> str:
    # The driver's own message only: SQLAlchemy's text would append the SQL parameters.
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig is not None else exc.__class__.__name__
    return text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__


@contextmanager
def _database(doing: str) -> Iterator[None]:
    try:
        yield
    except IntegrityError:
        raise
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"{doing} failed: the database refused ({_reason(exc)})") from None


class Tx:
    """One writing transaction: its connection, the store's current key, and audit entries."""

    def __init__(self, conn: Connection, keys: KeyStore) -> None:
        self.conn = conn
        self._keys = keys
        self.head: audit_log.Head | None = None

    def key_id(self) -> str:
        """The key new rows go under; KeyMismatch if this process does not have it."""
        return registry.current_key(self.conn, self._keys)

    def log(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None:
        self.head = audit_log.append(self.conn, self._keys, actor, action, submission_id, detail)


class Store(StaffRepositoryMixin):
    """Durable, encrypted submissions, the audit log and staff accounts over one engine."""

    def __init__(self, engine: Engine, keys: KeyStore, spool: Spool, data_dir: Path | None = None, *,
                 anchors: AnchorFile | None = None, pepper_problem: str | None = None) -> None:
        self.engine = engine
        self.keys = keys
        self.spool = spool
        self.data_dir = data_dir
        self.anchors = anchors
        self._pepper_problem = pepper_problem

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Connect, migrate, check this process's keys against the store, store spooled visits.

        KeyMismatch (nothing written) when the store's rows use a key this process lacks.
        """
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = make_engine(settings.database_url, allow_insecure=settings.db_insecure)
        try:
            with _database("opening the database"):
                upgrade(engine)
                keys, pepper_problem = registry.open_keys(engine, settings)
        except StoreUnavailable as exc:
            engine.dispose()
            raise StoreUnavailable(f"{exc}{disk_full_hint(settings.data_dir)}") from None
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine, keys, Spool(settings.data_dir / "spool", keys), settings.data_dir,
                    anchors=AnchorFile(settings.data_dir / ANCHOR_FILE), pepper_problem=pepper_problem)
        store.spool.ensure_reserve()
        store.replay_spool()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release every database connection."""
        self.engine.dispose()

    def pepper(self) -> bytes:
        """The staff PIN pepper from the key store (never stored in the database).

        KeyMismatch when it is not the pepper the store's PIN hashes were made with, so a
        wrong or missing pepper refuses sign-in instead of counting failures and locking staff out.
        """
        if self._pepper_problem is not None:
            raise KeyMismatch(self._pepper_problem)
        return self.keys.pepper()

    @contextmanager
    def _writing(self, doing: str) -> Iterator[Tx]:
        """A write transaction; the audit head it wrote is anchored once it has committed."""
        with _database(doing), self.engine.begin() as conn:
            tx = Tx(conn, self.keys)
            yield tx
        if tx.head is not None and self.anchors is not None:
            try:
                self.anchors.append(tx.head.id, tx.head.key_id, tx.head.mac)
            except OSError as exc:  # the entry is committed; a later anchor covers it
                log.error("cannot append to the audit anchor file (%s)", exc.strerror)

    # --- writing -------------------------------------------------------------------------

    def add(self, submission: Submission) -> None:
        """Store one visit in one transaction; if the database refuses, spool it and raise."""
        self.add_many([submission])

    def add_many(self, batch: Iterable[Submission]) -> None:
        """Store several visits in one transaction (imports, benchmarks); spooled on failure."""
        batch = list(batch)
        try:
            with self._writing("storing the visit") as tx:
                key_id = tx.key_id()
                tx.conn.execute(sub_t.insert(), [encode(s, self.keys, key_id) for s in batch])
        except IntegrityError:
            raise StoreError("a submission with this id is already stored") from None
        except StoreUnavailable as exc:
            if self.data_dir is not None:
                exc = StoreUnavailable(f"{exc}{disk_full_hint(self.data_dir)}")
            try:
                for submission in batch:
                    self.spool.put(submission)
            except OSError as spool_exc:
                raise StoreUnavailable(
                    f"{exc}; the spool could not be written either ({spool_exc.strerror}): "
                    "the visit was NOT saved"
                ) from None
            raise StoreUnavailable(
                f"{exc}; the visit is kept in the encrypted spool and will be stored on the next start",
                spooled=True,
            ) from None
        if self.spool.pending():
            self.replay_spool()

    def replay_spool(self) -> int:
        """Store spooled visits (skipping any already stored); how many were taken in."""
        stored = 0
        for path in self.spool.pending():
            try:
                submission = self.spool.load(path)
            except (KeyStoreError, ValueError, OSError) as exc:
                log.error("spool file %s cannot be read (%s); left in place", path.name, exc.__class__.__name__)
                continue
            try:
                with self.engine.begin() as conn:
                    if conn.execute(select(sub_t.c.id).where(sub_t.c.id == submission.id)).first() is None:
                        key_id = registry.current_key(conn, self.keys)
                        conn.execute(sub_t.insert().values(**encode(submission, self.keys, key_id)))
            except SQLAlchemyError as exc:
                log.warning("database still unavailable, %d spooled visit(s) wait (%s)",
                            len(self.spool.pending()), _reason(exc))
                break
            self.spool.remove(path)
            stored += 1
        return stored

    def set_status(self, submission_id: uuid.UUID, status: Status, *, actor: str) -> None:
        """Move a submission along the desk's workflow; audited with the old and new status."""
        with self._writing("changing the status") as tx:
            old = tx.conn.execute(select(sub_t.c.status).where(sub_t.c.id == submission_id)).scalar()
            if old is None:
                raise NotFound(f"no submission {submission_id}")
            tx.conn.execute(update(sub_t).where(sub_t.c.id == submission_id).values(status=Status(status).value))
            tx.log(actor, "status.change", submission_id, f"{old}->{Status(status).value}")

    def purge(self, older_than_days: int, *, actor: str = "system") -> int:
        """Delete submissions created more than ``older_than_days`` days ago; how many."""
        if older_than_days < 0:
            raise StoreError("--older-than must be zero or more days")
        cutoff = dt.datetime.now(UTC) - dt.timedelta(days=older_than_days)
        with self._writing("purging") as tx:
            deleted = tx.conn.execute(delete(sub_t).where(sub_t.c.created_at < cutoff)).rowcount
            tx.log(actor, "purge", None, f"older_than_days:{older_than_days} deleted:{deleted}")
        return int(deleted)

    # --- reading -------------------------------------------------------------------------

    def get(self, submission_id: uuid.UUID, *, actor: str) -> Submission:
        """One whole submission, decrypted; the read is written to the audit log."""
        with self._writing("reading a visit") as tx:
            row = tx.conn.execute(select(sub_t).where(sub_t.c.id == submission_id)).one_or_none()
            if row is None:
                raise NotFound(f"no submission {submission_id}")
            tx.log(actor, "read", submission_id)
        try:
            return decode(row, self.keys)
        except UnreadableVisit:
            self._record_unreadable([UnreadableRow.of(row)], actor)
            raise

    def queue(
        self, day: dt.date | None = None, status: Status | None = None, *, actor: str | None = None
    ) -> list[QueueEntry]:
        """The day's readable submissions (see ``queue_view`` for the unreadable ones too)."""
        return self.queue_view(day, status, actor=actor).entries

    def queue_view(
        self, day: dt.date | None = None, status: Status | None = None, *, actor: str | None = None
    ) -> QueueView:
        """The day's (local calendar day) submissions, critical first, then by arrival time.

        One damaged row does not hide the others: it is listed by id in ``unreadable`` and
        recorded once in the audit log. With ``actor`` the view of names is audited.
        """
        day = day or dt.date.today()
        start = dt.datetime.combine(day, dt.time.min).astimezone()
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min).astimezone()
        query = select(sub_t).where(sub_t.c.created_at >= start, sub_t.c.created_at < end)
        if status is not None:
            query = query.where(sub_t.c.status == Status(status).value)
        query = query.order_by(sub_t.c.severity_rank.desc(), sub_t.c.created_at, sub_t.c.id)
        if actor is None:
            with _database("reading the queue"), self._connect(write=False) as conn:
                rows = conn.execute(query).all()
        else:
            with self._writing("reading the queue") as tx:
                rows = tx.conn.execute(query).all()
                tx.log(actor, "queue.view", None, f"date:{day.isoformat()} rows:{len(rows)}")
        readable, unreadable = self._decode_all(rows)
        self._record_unreadable(unreadable, actor)
        return QueueView(entries=[QueueEntry.of(s) for s in readable], unreadable=unreadable)

    def find(self, legal_name: str, date_of_birth: dt.date, *, actor: str) -> list[Submission]:
        """Every visit of a patient, newest first, found through the blind index."""
        indexes = self.keys.blind_indexes(legal_name, date_of_birth)
        query = select(sub_t).where(sub_t.c.blind_index.in_(indexes)).order_by(sub_t.c.created_at.desc())
        with self._writing("looking up a patient") as tx:
            readable, unreadable = self._decode_all(tx.conn.execute(query).all())
            found = [s for s in readable if _same_person(s, legal_name, date_of_birth)]
            tx.log(actor, "find", None, f"results:{len(found)}")
        self._record_unreadable(unreadable, actor)
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
        with self._writing("reading the previous visit") as tx:
            readable, unreadable = self._decode_all(tx.conn.execute(query).all())
            found = next((s for s in readable if _same_person(s, patient.legal_name, patient.date_of_birth)), None)
            if found is not None:
                tx.log(actor, "read.previous", found.id, f"for:{submission.id}")
        self._record_unreadable(unreadable, actor)
        return found

    def unreadable_visits(self, batch_size: int = 500) -> list[UnreadableRow]:
        """Every stored visit that cannot be decrypted (``kiosk audit verify`` lists them)."""
        bad: list[UnreadableRow] = []
        with _database("reading the visits"), self._connect(write=False) as conn:
            rows = conn.execution_options(yield_per=batch_size).execute(select(sub_t).order_by(sub_t.c.id))
            for row in rows:
                try:
                    decode(row, self.keys)
                except UnreadableVisit:
                    bad.append(UnreadableRow.of(row))
        return bad

    def _decode_all(self, rows: Iterable[Row[Any]]) -> tuple[list[Submission], list[UnreadableRow]]:
        """The rows that decrypt, and the ones that do not (by id): one bad row hides nothing else."""
        readable, unreadable = [], []
        for row in rows:
            try:
                readable.append(decode(row, self.keys))
            except UnreadableVisit:
                unreadable.append(UnreadableRow.of(row))
        return readable, unreadable

    def _record_unreadable(self, rows: list[UnreadableRow], actor: str | None) -> None:
        """One audit entry per unreadable visit (once, however often it is listed); best effort."""
        if not rows:
            return
        ids = [r.id for r in rows]
        try:
            with self._writing("recording unreadable visits") as tx:
                seen = set(tx.conn.execute(select(audit_t.c.submission_id).where(
                    audit_t.c.action == UNREADABLE, audit_t.c.submission_id.in_(ids))).scalars())
                for row in rows:
                    if row.id not in seen:
                        tx.log(actor or "system", UNREADABLE, row.id, f"key:{row.key_id}")
        except StoreError as exc:  # the caller still shows what it could read
            log.error("could not record %d unreadable visit(s) in the audit log (%s)", len(rows), exc)

    def count(self) -> int:
        """How many submissions are stored."""
        with self._connect(write=False) as conn:
            return int(conn.execute(select(func.count()).select_from(sub_t)).scalar_one())

    # --- audit ---------------------------------------------------------------------------

    def audit(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None:
        """Record who did what to which submission (export, print, login); never patient data."""
        if submission_id is not None and not isinstance(submission_id, uuid.UUID):
            submission_id = uuid.UUID(str(submission_id))
        with self._writing("writing the audit log") as tx:
            tx.log(actor, action, submission_id, detail)

    def verify_audit(self, anchor: Anchor | None = None) -> audit_log.AuditReport:
        """The audit log checked against the keys and ``anchor`` (default: the newest local one).

        A clean result is anchored in turn, so rows written by other kiosks are covered too.
        """
        local = self.anchors.newest() if self.anchors is not None else None
        anchor = anchor or local
        with _database("reading the audit log"), self._connect(write=False) as conn:
            report = audit_log.verify(conn, registry.audit_keys(conn, self.keys), anchor)
        if report.intact and report.head is not None and report.head.key_id and self.anchors is not None:
            self.anchors.append(report.head.id, report.head.key_id, report.head.mac)
        return report

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if not write:
                conn.execution_options(**{READ_ONLY: True})
            with conn.begin():
                yield conn


def spool_visit(settings: Settings, submission: Submission) -> Path:
    """Keep a visit in the encrypted spool when the store cannot even be opened.

    Never makes a new key: without the clinic's key file the visit is refused, not forked.
    """
    keys = KeyStore.load(settings)
    return Spool(settings.data_dir / "spool", keys).put(submission)


def _same_person(submission: Submission, legal_name: str, date_of_birth: dt.date) -> bool:
    patient: Any = submission.patient
    return bool(patient.date_of_birth == date_of_birth
                and normalise_name(patient.legal_name) == normalise_name(legal_name))
