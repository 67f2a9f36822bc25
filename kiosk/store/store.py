"""The submission store: one transaction per visit, encrypted at rest, every read audited."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from kiosk.forms.canonical import CanonicalForm
from kiosk.intake.handling import Handling, Step
from kiosk.intake.submission import Submission
from kiosk.settings import Settings
from kiosk.store import audit as audit_log
from kiosk.store import registry
from kiosk.store.anchor import ANCHOR_FILE, Anchor, AnchorFile
from kiosk.store.changes import announce
from kiosk.store.codec import decode, encode
from kiosk.store.definitions import DefinitionRepositoryMixin, write_definitions
from kiosk.store.engine import make_engine
from kiosk.store.files import disk_full_hint
from kiosk.store.handling import done_by, handling_of
from kiosk.store.errors import KeyMismatch, KeyStoreError, NotFound, StoreError, StoreUnavailable, UnreadableVisit
from kiosk.store.keys import KeyStore
from kiosk.store.migrate import upgrade
from kiosk.store.queue import UnreadableRow
from kiosk.store.history import HistoryMixin
from kiosk.store.mrn import MrnMixin
from kiosk.store.spool import Spool
from kiosk.store.staff import StaffRepositoryMixin
from kiosk.store.tables import submissions as sub_t
from kiosk.store.refusals import database, driver_reason as reason

log = logging.getLogger(__name__)
UTC = dt.timezone.utc


class Store(HistoryMixin, MrnMixin, StaffRepositoryMixin, DefinitionRepositoryMixin):
    """Durable, encrypted submissions, the audit log, staff accounts and the form definitions
    visits were answered with, over one engine."""

    def __init__(self, engine: Engine, keys: KeyStore, spool: Spool, data_dir: Path | None = None, *,
                 anchors: AnchorFile | None = None, pepper_problem: str | None = None) -> None:
        self.engine = engine
        self.keys = keys
        self.spool = spool
        self.data_dir = data_dir
        self.anchors = anchors
        self._pepper_problem = pepper_problem
        self._known = {}
        self._stored: set[str] = set()  # definition hashes this process has seen committed

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Connect, migrate, check this process's keys against the store, store spooled visits.

        KeyMismatch (nothing written) when the store's rows use a key this process lacks.
        """
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = make_engine(settings.database_url, allow_insecure=settings.db_insecure)
        try:
            with database("opening the database"):
                migrated = upgrade(engine)
                keys, pepper_problem = registry.open_keys(engine, settings)
        except StoreUnavailable as exc:
            engine.dispose()
            raise StoreUnavailable(f"{exc}{disk_full_hint(settings.data_dir)}") from None
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine, keys, Spool(settings.data_dir / "spool", keys), settings.data_dir,
                    anchors=AnchorFile(settings.data_dir / ANCHOR_FILE), pepper_problem=pepper_problem)
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
        """The staff PIN pepper from the key store (never stored in the database).

        KeyMismatch when it is not the pepper the store's PIN hashes were made with, so a
        wrong or missing pepper refuses sign-in instead of counting failures and locking staff out.
        """
        if self._pepper_problem is not None:
            raise KeyMismatch(self._pepper_problem)
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
        definitions = self.definitions_of(batch)
        try:
            with self.writing("storing the visit") as tx:
                key_id = tx.key_id()
                write_definitions(tx.conn, [c for c in definitions if c.digest not in self._stored])
                insert_new(tx.conn, [encode(s, self.keys, key_id) for s in batch])
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
            except FileNotFoundError:
                continue  # another process replaying the same spool took it first
            except (KeyStoreError, ValueError, OSError) as exc:
                log.error("spool file %s cannot be read (%s); left in place", path.name, exc.__class__.__name__)
                continue
            try:
                with self.engine.begin() as conn:
                    write_definitions(conn, definitions)
                    insert_new(conn, [encode(submission, self.keys, registry.current_key(conn, self.keys))])
            except SQLAlchemyError as exc:
                self._reconnect_later()
                log.warning("database still unavailable, %d spooled visit(s) wait (%s)",
                            len(self.spool.pending()), reason(exc))
                break
            self.spool.remove(path)
            stored += 1
        return stored

    def record(self, submission_id: uuid.UUID, step: Step, *, actor: str, action: str, detail: str = "") -> Handling:
        """Record ``step`` taken by ``actor`` now, with its audit row ``action``/``detail``, in one
        transaction; the visit's facts afterwards.

        No step undoes another. A review stands once made (the first reviewer is kept and a second
        review is neither recorded nor audited); printing and exporting again record the latest.
        """
        by, at = done_by(step), sub_t.c[f"{step.value}_at"]
        with self.writing(f"recording that the visit was {step.value}") as tx:
            row = tx.conn.execute(select(sub_t).where(sub_t.c.id == submission_id)).one_or_none()
            if row is None:
                raise NotFound(f"no submission {submission_id}")
            if step is Step.reviewed and getattr(row, by.name) is not None:
                return handling_of(row)
            now = dt.datetime.now(UTC)
            tx.conn.execute(update(sub_t).where(sub_t.c.id == submission_id).values({by: actor, at: now}))
            tx.log(actor, action, submission_id, detail)
            announce(tx.conn, [str(submission_id)])
            return handling_of(tx.conn.execute(select(sub_t).where(sub_t.c.id == submission_id)).one())

    def purge(self, older_than_days: int, *, actor: str = "system") -> int:
        """Delete submissions created more than ``older_than_days`` days ago; how many."""
        if older_than_days < 0:
            raise StoreError("--older-than must be zero or more days")
        cutoff = dt.datetime.now(UTC) - dt.timedelta(days=older_than_days)
        with self.writing("purging") as tx:
            deleted = tx.conn.execute(delete(sub_t).where(sub_t.c.created_at < cutoff)).rowcount
            tx.log(actor, "purge", None, f"older_than_days:{older_than_days} deleted:{deleted}")
        return int(deleted)

    # --- reading -------------------------------------------------------------------------

    def get(self, submission_id: uuid.UUID, *, actor: str) -> Submission:
        """One whole submission, decrypted; the read is written to the audit log."""
        with self.writing("reading a visit") as tx:
            row = tx.conn.execute(select(sub_t).where(sub_t.c.id == submission_id)).one_or_none()
            if row is None:
                raise NotFound(f"no submission {submission_id}")
            tx.log(actor, "read", submission_id)
        try:
            return decode(row, self.keys)
        except UnreadableVisit:
            self.record_unreadable([UnreadableRow.of(row)], actor)
            raise

    def count(self) -> int:
        """How many submissions are stored."""
        with self._connect(write=False) as conn:
            return int(conn.execute(select(func.count()).select_from(sub_t)).scalar_one())

    # --- audit ---------------------------------------------------------------------------

    def audit(self, actor: str, action: str, submission_id: uuid.UUID | None = None, detail: str = "") -> None:
        """Record who did what to which submission (export, print, login); never patient data."""
        if submission_id is not None and not isinstance(submission_id, uuid.UUID):
            submission_id = uuid.UUID(str(submission_id))
        with self.writing("writing the audit log") as tx:
            tx.log(actor, action, submission_id, detail)

    def verify_audit(self, anchor: Anchor | None = None) -> audit_log.AuditReport:
        """The audit log checked against the keys and ``anchor`` (default: the newest local one).

        A clean result is anchored in turn, so rows written by other kiosks are covered too.
        """
        local = self.anchors.newest() if self.anchors is not None else None
        anchor = anchor or local
        with database("reading the audit log"), self._connect(write=False) as conn:
            report = audit_log.verify(conn, registry.audit_keys(conn, self.keys), anchor)
        if report.intact and report.head is not None and report.head.key_id and self.anchors is not None:
            self.anchors.append(report.head.id, report.head.key_id, report.head.mac)
        return report

    def _reconnect_later(self) -> None:
        """Drop pooled connections after a refused write: one opened while the database was
        read-only (SQLite falls back to a read-only open) or cut off would stay broken."""
        self.engine.dispose()


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
    store cannot even be opened.

    The database cannot be asked which key its rows use, so the key id noted at the last
    open (or rotation) says: a key store without that key refuses the visit rather than
    fork it. A new key is made only on a fresh install (no key file, database file,
    anchors or spool yet).
    """
    traces = [settings.data_dir / name for name in (ANCHOR_FILE, "kiosk.db", "spool")]
    fresh = not any(path.exists() for path in traces)
    keys = KeyStore.load(settings, create_key=fresh, create_pepper=fresh)
    registry.check_remembered(settings.data_dir, keys)
    return Spool(settings.data_dir / "spool", keys).put(submission, definitions)
