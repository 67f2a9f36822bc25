"""The submission store: one transaction per visit, encrypted at rest, every read audited."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kiosk.forms.canonical import CanonicalForm
from kiosk.intake.submission import Status, Submission
from kiosk.settings import Settings
from kiosk.store import audit as audit_log
from kiosk.store.changes import announce
from kiosk.store.codec import decode, encode
from kiosk.store.definitions import DefinitionRepositoryMixin, write_definitions
from kiosk.store.engine import READ_ONLY, make_engine
from kiosk.store.files import disk_full_hint
from kiosk.store.ids import resolve_prefix
from kiosk.store.errors import KeyStoreError, NotFound, StoreError, StoreUnavailable
from kiosk.store.refusals import database as _database, driver_reason as _reason
from kiosk.store.keys import KeyStore, normalise_name
from kiosk.store.migrate import upgrade
from kiosk.store.queue import QueueEntry
from kiosk.store.spool import Spool
from kiosk.store.staff import StaffRepositoryMixin
from kiosk.store.tables import submissions as sub_t

log = logging.getLogger(__name__)
UTC = dt.timezone.utc


class Store(StaffRepositoryMixin, DefinitionRepositoryMixin):
    """Durable, encrypted submissions, the audit log, staff accounts and the form definitions
    visits were answered with, over one engine."""

    def __init__(self, engine: Engine, keys: KeyStore, spool: Spool, data_dir: Path | None = None) -> None:
        self.engine = engine
        self.keys = keys
        self.spool = spool
        self.data_dir = data_dir
        self._known = {}
        self._stored: set[str] = set()  # definition hashes this process has seen committed

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Connect, migrate to the newest schema, load the key, store any spooled visits."""
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        keys = KeyStore.load(settings)
        engine = make_engine(settings.database_url, allow_insecure=settings.db_insecure)
        try:
            with _database("opening the database"):
                migrated = upgrade(engine)
        except StoreUnavailable as exc:
            engine.dispose()
            raise StoreUnavailable(f"{exc}{disk_full_hint(settings.data_dir)}") from None
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine, keys, Spool(settings.data_dir / "spool", keys), settings.data_dir)
        if migrated:
            store._reconstruct_after_upgrade(settings)
        store.spool.ensure_reserve()
        store.replay_spool()
        return store

    def _reconstruct_after_upgrade(self, settings: Settings) -> None:
        """Older visits cite only a version: record today's file of it, once (never blocks a start)."""
        try:
            recorded = self.reconstruct_definitions(settings.forms_dir, settings.clinic_rules())
        except (SQLAlchemyError, StoreError) as exc:
            log.warning("older visits' form definitions not recorded (%s)", exc.__class__.__name__)
            return
        if recorded:
            log.info("recorded %d form definition(s) for visits stored before definitions were kept", recorded)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release every database connection."""
        self.engine.dispose()

    def pepper(self) -> bytes:
        """The staff PIN pepper from the key store (never stored in the database)."""
        return self.keys.pepper()

    # --- writing -------------------------------------------------------------------------

    def add(self, submission: Submission) -> None:
        """Store one visit in one transaction; if the database refuses, spool it and raise."""
        self.add_many([submission])

    def add_many(self, batch: Iterable[Submission]) -> None:
        """Store several visits in one transaction (imports, benchmarks); spooled on failure.

        Idempotent by submission id: a visit delivered twice (a crash between the commit
        and the spool file's removal, two processes replaying one spool) is stored once.
        """
        batch = list(batch)
        rows = [encode(s, self.keys) for s in batch]
        definitions = self.definitions_of(batch)
        try:
            with _database("storing the visit"), self.engine.begin() as conn:
                write_definitions(conn, [c for c in definitions if c.digest not in self._stored])
                insert_new(conn, rows)
        except StoreUnavailable as exc:
            self._reconnect_later()
            if self.data_dir is not None:
                exc = StoreUnavailable(f"{exc}{disk_full_hint(self.data_dir)}")
            try:
                for submission in batch:
                    self.spool.put(submission, definitions)
            except OSError as spool_exc:
                raise StoreUnavailable(
                    f"{exc}; the spool could not be written either ({spool_exc.strerror}): "
                    "the visit was NOT saved"
                ) from None
            raise StoreUnavailable(
                f"{exc}; the visit is kept in the encrypted spool and will be stored on the next start",
                spooled=True,
            ) from None
        self._stored.update(c.digest for c in definitions)
        if self.spool.pending():
            self.replay_spool()

    def replay_spool(self) -> int:
        """Store spooled visits (skipping any already stored); how many were taken in."""
        stored = 0
        for path in self.spool.pending():
            try:
                submission = self.spool.load(path)
                definitions = self.spool.definitions(path)
            except (KeyStoreError, ValueError, OSError) as exc:
                log.error("spool file %s cannot be read (%s); left in place", path.name, exc.__class__.__name__)
                continue
            try:
                with self.engine.begin() as conn:
                    write_definitions(conn, definitions)
                    insert_new(conn, [encode(submission, self.keys)])
            except SQLAlchemyError as exc:
                self._reconnect_later()
                log.warning("database still unavailable, %d spooled visit(s) wait (%s)",
                            len(self.spool.pending()), _reason(exc))
                break
            self.spool.remove(path)
            stored += 1
        return stored

    def set_status(self, submission_id: uuid.UUID, status: Status, *, actor: str) -> None:
        """Move a submission along the desk's workflow; audited with the old and new status."""
        with _database("changing the status"), self.engine.begin() as conn:
            old = conn.execute(select(sub_t.c.status).where(sub_t.c.id == submission_id)).scalar()
            if old is None:
                raise NotFound(f"no submission {submission_id}")
            conn.execute(update(sub_t).where(sub_t.c.id == submission_id).values(status=Status(status).value))
            audit_log.append(conn, actor, "status.change", submission_id, f"{old}->{Status(status).value}")
            announce(conn, [str(submission_id)])

    def purge(self, older_than_days: int, *, actor: str = "system") -> int:
        """Delete submissions created more than ``older_than_days`` days ago; how many."""
        if older_than_days < 0:
            raise StoreError("--older-than must be zero or more days")
        cutoff = dt.datetime.now(UTC) - dt.timedelta(days=older_than_days)
        with _database("purging"), self.engine.begin() as conn:
            deleted = conn.execute(delete(sub_t).where(sub_t.c.created_at < cutoff)).rowcount
            audit_log.append(conn, actor, "purge", None, f"older_than_days:{older_than_days} deleted:{deleted}")
        return int(deleted)

    # --- reading -------------------------------------------------------------------------

    def get(self, submission_id: uuid.UUID, *, actor: str) -> Submission:
        """One whole submission, decrypted; the read is written to the audit log."""
        with _database("reading a visit"), self.engine.begin() as conn:
            row = conn.execute(select(sub_t).where(sub_t.c.id == submission_id)).one_or_none()
            if row is None:
                raise NotFound(f"no submission {submission_id}")
            audit_log.append(conn, actor, "read", submission_id)
        return decode(row, self.keys)

    def resolve_id(self, text: str) -> uuid.UUID:
        """The id of the one submission whose id starts with ``text``: a whole id, or a prefix of
        at least 8 hex digits such as the short id in export file names and on the PDF.

        NotFound if none, AmbiguousId if several match; ValueError if ``text`` cannot be an id.
        Reads only ids, so it is not audited.
        """
        with _database("looking up a visit id"), self._connect(write=False) as conn:
            return resolve_prefix(conn, text)

    def queue(
        self, day: dt.date | None = None, status: Status | None = None, *, actor: str | None = None
    ) -> list[QueueEntry]:
        """The day's (local calendar day) submissions, critical first, then by arrival time.

        With ``actor`` the view of names and dates of birth is audited.
        """
        day = day or dt.date.today()
        start = dt.datetime.combine(day, dt.time.min).astimezone()
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min).astimezone()
        query = select(sub_t).where(sub_t.c.created_at >= start, sub_t.c.created_at < end)
        if status is not None:
            query = query.where(sub_t.c.status == Status(status).value)
        query = query.order_by(sub_t.c.severity_rank.desc(), sub_t.c.created_at, sub_t.c.id)
        with _database("reading the queue"), self._connect(write=actor is not None) as conn:
            rows = conn.execute(query).all()
            if actor is not None:
                audit_log.append(conn, actor, "queue.view", None, f"date:{day.isoformat()} rows:{len(rows)}")
        return [QueueEntry.of(decode(r, self.keys)) for r in rows]

    def find(self, legal_name: str, date_of_birth: dt.date, *, actor: str) -> list[Submission]:
        """Every visit of a patient, newest first, found through the blind index."""
        indexes = self.keys.blind_indexes(legal_name, date_of_birth)
        query = select(sub_t).where(sub_t.c.blind_index.in_(indexes)).order_by(sub_t.c.created_at.desc())
        with _database("looking up a patient"), self.engine.begin() as conn:
            rows = conn.execute(query).all()
            found = [s for s in (decode(r, self.keys) for r in rows) if _same_person(s, legal_name, date_of_birth)]
            audit_log.append(conn, actor, "find", None, f"results:{len(found)}")
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
        with _database("reading the previous visit"), self.engine.begin() as conn:
            rows = conn.execute(query).all()
            for row in rows:
                found = decode(row, self.keys)
                if _same_person(found, patient.legal_name, patient.date_of_birth):
                    audit_log.append(conn, actor, "read.previous", found.id, f"for:{submission.id}")
                    return found
        return None

    def count(self) -> int:
        """How many submissions are stored."""
        with self._connect(write=False) as conn:
            return int(conn.execute(select(func.count()).select_from(sub_t)).scalar_one())

    # --- audit ---------------------------------------------------------------------------

    def audit(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None:
        """Record who did what to which submission (export, print, login); never patient data."""
        if submission_id is not None and not isinstance(submission_id, uuid.UUID):
            submission_id = uuid.UUID(str(submission_id))
        with _database("writing the audit log"), self.engine.begin() as conn:
            audit_log.append(conn, actor, action, submission_id, detail)

    def verify_audit(self) -> tuple[int, list[str]]:
        """``(rows, problems)`` of the audit log's hash chain."""
        with _database("reading the audit log"), self._connect(write=False) as conn:
            return audit_log.verify(conn)

    def _reconnect_later(self) -> None:
        """Drop pooled connections after a refused write: one opened while the database was
        read-only (SQLite falls back to a read-only open) or cut off would stay broken."""
        self.engine.dispose()

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if not write:
                conn.execution_options(**{READ_ONLY: True})
            with conn.begin():
                yield conn


def insert_new(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose id is not stored yet (ON CONFLICT DO NOTHING); how many were new.

    ``stored_at`` is the database's moment of taking the row, so a visit from the spool
    shows how late it arrived while ``created_at`` keeps the moment the patient submitted.
    """
    if not rows:
        return 0
    now = dt.datetime.now(UTC)
    rows = [{**row, "stored_at": now} for row in rows]
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    statement = dialect_insert(sub_t).on_conflict_do_nothing(index_elements=["id"]).returning(sub_t.c.id)
    new = [row_id for row in rows for row_id in conn.execute(statement, row).scalars()]
    announce(conn, [str(row_id) for row_id in new])
    return len(new)


def spool_visit(settings: Settings, submission: Submission, definitions: Iterable[CanonicalForm] = ()) -> Path:
    """Keep a visit (and the definitions it was answered with) in the encrypted spool when the
    store cannot even be opened."""
    keys = KeyStore.load(settings)
    return Spool(settings.data_dir / "spool", keys).put(submission, definitions)


def _same_person(submission: Submission, legal_name: str, date_of_birth: dt.date) -> bool:
    patient: Any = submission.patient
    return bool(patient.date_of_birth == date_of_birth
                and normalise_name(patient.legal_name) == normalise_name(legal_name))
