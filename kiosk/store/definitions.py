"""Form definitions kept by content hash, so an old visit is always shown as it was asked.

Every visit records, per form, the sha256 of the canonical JSON of the definition it was
answered with (``FormResponse.definition``, inside the encrypted payload); this module keeps
each distinct definition once in ``form_definitions`` and hands them back, checked: the
stored bytes must hash back to their key, or DefinitionIntegrityError names the form and
hash. Visits stored before definitions were kept cite only a version; on the first start
after the upgrade the files on disk of those versions are recorded as ``reconstructed``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Insert, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError

from kiosk.forms.canonical import CanonicalForm, DefinitionError
from kiosk.forms.loader import FormLibrary, FormLoadError, load_library
from kiosk.forms.rules import ClinicRules
from kiosk.intake.submission import Submission
from kiosk.settings import Settings
from kiosk.store.codec import decode_payload
from kiosk.store.engine import READ_ONLY, make_engine
from kiosk.store.errors import DefinitionIntegrityError, KeyStoreError
from kiosk.store.tables import form_definitions as def_t
from kiosk.store.tables import submissions as sub_t
from kiosk.store.transactions import TransactionsMixin

log = logging.getLogger(__name__)


def _insert(conn: Connection) -> Insert:
    """An INSERT that leaves an existing row alone (two kiosks storing the same definition)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(def_t).on_conflict_do_nothing(index_elements=["hash"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(def_t).on_conflict_do_nothing(index_elements=["hash"])


def write_definitions(conn: Connection, forms: Iterable[CanonicalForm]) -> None:
    """Store the definitions not stored yet (content-addressed: an existing one is kept)."""
    wanted = {c.digest: c for c in forms}
    if not wanted:
        return
    have = set(conn.execute(select(def_t.c.hash).where(def_t.c.hash.in_(wanted))).scalars())
    now = dt.datetime.now(dt.timezone.utc)
    rows = [
        {"hash": c.digest, "form_id": c.form.id, "version": c.form.version, "body": c.body,
         "recorded_at": now, "reconstructed": c.reconstructed}
        for digest, c in wanted.items() if digest not in have
    ]
    if rows:
        conn.execute(_insert(conn), rows)


def _checked(row: Any) -> CanonicalForm:
    try:
        return CanonicalForm.from_stored(bytes(row.body), row.hash, reconstructed=row.reconstructed)
    except DefinitionError as exc:
        raise DefinitionIntegrityError(
            f"stored definition of form {row.form_id!r} version {row.version} (sha256 {row.hash}) "
            f"is damaged: {exc}"
        ) from None


def read_definition(conn: Connection, digest: str) -> CanonicalForm | None:
    """The stored definition with this hash, integrity-checked; None if it was never stored."""
    row = conn.execute(select(def_t).where(def_t.c.hash == digest)).one_or_none()
    return None if row is None else _checked(row)


def _reconstruction(conn: Connection, form_id: str, version: str) -> CanonicalForm | None:
    """The definition standing in for visits of this version stored before hashes were kept."""
    query = select(def_t).where(def_t.c.form_id == form_id, def_t.c.version == version,
                                def_t.c.reconstructed.is_(True)).order_by(def_t.c.recorded_at)
    row = conn.execute(query).first()
    return None if row is None else _checked(row)


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """A read-only connection (a plain, deferred transaction on SQLite: no write lock)."""
    with engine.connect() as conn:
        conn.execution_options(**{READ_ONLY: True})
        yield conn


def stored_hashes(engine: Engine, form_id: str, version: str) -> set[str]:
    """Hashes stored for one version of a form (``kiosk forms validate`` compares with them)."""
    query = select(def_t.c.hash).where(def_t.c.form_id == form_id, def_t.c.version == version)
    with _reading(engine) as conn:
        return set(conn.execute(query).scalars())


def definitions_engine(settings: Settings) -> Engine | None:
    """An engine on the configured store if it holds form definitions; None when there is
    none to compare with. Never creates a database, a key or a table. SQLAlchemyError or
    StoreError when one is configured but cannot be reached."""
    if not settings.db_url and not (settings.data_dir / "kiosk.db").is_file():
        return None
    engine = make_engine(settings.database_url, allow_insecure=settings.db_insecure)
    try:
        with _reading(engine) as conn:
            if inspect(conn).has_table("form_definitions"):
                return engine
    except BaseException:
        engine.dispose()
        raise
    engine.dispose()
    return None


@dataclass(frozen=True)
class VersionUse:
    """One definition of a form and the visits answered with it (``kiosk forms history``)."""

    version: str
    digest: str | None
    first_used: dt.datetime
    last_used: dt.datetime
    visits: int
    reconstructed: bool

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "hash": self.digest, "first_used": self.first_used.isoformat(),
                "last_used": self.last_used.isoformat(), "visits": self.visits,
                "reconstructed": self.reconstructed}


class DefinitionRepositoryMixin(TransactionsMixin):
    """Keeping and reading form definitions; mixed into Store."""

    _known: dict[str, CanonicalForm]
    """Definitions this process has loaded, by hash, so each visit's can be stored with it."""

    def record_forms(self, library: FormLibrary) -> None:
        """Remember the library's definitions and store them now (best effort: each visit
        stores its own again in its transaction if this could not)."""
        for form_id in library.forms:
            canonical = library.canonical(form_id)
            self._known[canonical.digest] = canonical
        try:
            with self.engine.begin() as conn:
                write_definitions(conn, self._known.values())
        except SQLAlchemyError as exc:
            log.warning("form definitions not stored yet (%s); they go with the next visit",
                        exc.__class__.__name__)

    def definitions_of(self, batch: Iterable[Submission]) -> list[CanonicalForm]:
        """The known definitions the visits cite; a hash this process never loaded is logged."""
        found: dict[str, CanonicalForm] = {}
        for submission in batch:
            for response in submission.responses.values():
                digest = response.definition
                if digest is None or digest in found:
                    continue
                if digest in self._known:
                    found[digest] = self._known[digest]
                else:
                    log.warning("definition %s of form %r is not loaded here: stored without it",
                                digest[:12], response.form)
        return list(found.values())

    def pinned_forms(self, submission: Submission) -> dict[str, CanonicalForm]:
        """Per form id, the stored definition the visit was answered with (checked).

        A form whose definition is not stored is left out: the caller says so and falls back
        to the file on disk. DefinitionIntegrityError if a stored one was altered.
        """
        pinned: dict[str, CanonicalForm] = {}
        with _reading(self.engine) as conn:
            for form_id, response in submission.responses.items():
                found = (read_definition(conn, response.definition) if response.definition
                         else _reconstruction(conn, form_id, response.version))
                if found is not None and found.form.id == form_id:
                    pinned[form_id] = found
        return pinned

    def reconstruct_definitions(self, forms_dir: Path, rules: ClinicRules | None = None) -> int:
        """Record, as ``reconstructed``, the files on disk of the versions that visits stored
        before hashes were kept cite; how many. Run once, on the first start after the upgrade."""
        cited: set[tuple[str, str]] = set()
        with _reading(self.engine) as conn:
            for row in conn.execute(select(sub_t.c.id, sub_t.c.key_id, sub_t.c.payload)).all():
                try:
                    responses = decode_payload(row, self.keys)["responses"]
                except (KeyStoreError, ValueError):
                    continue  # a row this key cannot read: `kiosk key` problems are reported elsewhere
                for form_id, response in responses.items():
                    if not response.get("definition"):
                        cited.add((form_id, str(response["version"])))
        if not cited:
            return 0
        try:
            library = load_library(forms_dir, rules)  # a licensed clinic's protocol loads
        except FormLoadError:
            log.warning("forms folder invalid: older visits keep showing today's files with a note")
            return 0
        recorded = 0
        with self.engine.begin() as conn:
            for form_id, version in sorted(cited):
                form = library.forms.get(form_id)
                if form is None or form.version != version or _reconstruction(conn, form_id, version):
                    continue
                canonical = library.canonical(form_id)
                write_definitions(conn, [CanonicalForm(form, canonical.body, canonical.digest, True)])
                conn.execute(update(def_t).where(def_t.c.hash == canonical.digest).values(reconstructed=True))
                recorded += 1
        return recorded

    def form_history(self, form_id: str, *, actor: str) -> list[VersionUse]:
        """Each definition of ``form_id`` visits were answered with, oldest first.

        Reads every visit's encrypted payload (the hash lives there, authenticated), so the
        read is audited; nothing about the patients leaves this method.
        """
        uses: dict[tuple[str, str | None, bool], list[dt.datetime]] = {}
        with self.writing("reading the form history") as tx:
            conn = tx.conn
            query = select(sub_t.c.id, sub_t.c.created_at, sub_t.c.key_id, sub_t.c.payload)
            for row in conn.execute(query).all():
                response = decode_payload(row, self.keys)["responses"].get(form_id)
                if response is None:
                    continue
                version, digest = str(response["version"]), response.get("definition")
                legacy = digest is None
                if legacy:
                    stand_in = _reconstruction(conn, form_id, version)
                    digest = stand_in.digest if stand_in else None
                uses.setdefault((version, digest, legacy), []).append(row.created_at)
            visits = sum(len(times) for times in uses.values())
            tx.log(actor, "forms.history", None, f"form:{form_id} visits:{visits}")
        found = [VersionUse(version, digest, min(times), max(times), len(times), legacy)
                 for (version, digest, legacy), times in uses.items()]
        return sorted(found, key=lambda use: (use.first_used, use.version))
