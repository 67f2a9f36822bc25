"""The key fingerprints recorded in the database, and the checks each process makes against them.

The database says which key new rows go under (``is_current``) and which pepper the staff
PIN hashes were made with. A process that lacks either refuses to write, or to sign
anyone in, and its message names the fingerprint it needed and where its keys come from.
A new key is generated only for an empty store.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, exists, func, insert, inspect, select, update

from kiosk.settings import Settings
from kiosk.store.engine import READ_ONLY
from kiosk.store.errors import KeyMismatch, StoreError
from kiosk.store.files import write_private_file
from kiosk.store.keyfile import KeyFileMissing
from kiosk.store.keys import KeyStore
from kiosk.store.migrate import lock_for_setup
from kiosk.store.tables import audit_log, staff_accounts, store_keys, submissions

log = logging.getLogger(__name__)
UTC = dt.timezone.utc
CURRENT_KEY_FILE = "store-key-id"
RESTORE = ("Restore the right KIOSK_KEY or key file from backup; a new key is made only for an "
           "empty store (or on purpose with `kiosk key generate`). Nothing was written.")


@dataclass(frozen=True)
class Recorded:
    """What the database says about keys: the current data key, live data keys, the pepper."""

    current: str | None
    live: tuple[str, ...]
    pepper_id: str | None
    has_staff: bool


def read(conn: Connection) -> Recorded:
    rows = conn.execute(select(store_keys).where(store_keys.c.retired_at.is_(None))).all()
    current = next((r.key_id for r in rows if r.kind == "data" and r.is_current), None)
    pepper = next((r.key_id for r in rows if r.kind == "pepper"), None)
    has_staff = bool(conn.execute(select(exists().select_from(staff_accounts))).scalar())
    return Recorded(current, tuple(r.key_id for r in rows if r.kind == "data"), pepper, has_staff)


def mismatch_message(expected: str, keys: KeyStore) -> str:
    return (f"this store's rows use key {expected}, which this process does not have: its keys come "
            f"from {keys.source} and hold {', '.join(keys.key_ids) or 'nothing'}. {RESTORE}")


def pepper_problem(recorded: str | None, keys: KeyStore) -> str | None:
    """Why staff sign-in must be refused, or None when the pepper matches the store's."""
    if recorded is None or recorded == keys.pepper_id:
        return None
    have = f"has pepper {keys.pepper_id}" if keys.pepper_id else "has no pepper"
    return (f"staff PINs in this store were hashed with pepper {recorded}, but this process {have} "
            f"(from {keys.pepper_source}): sign-in is refused and no failure is counted. "
            "Restore KIOSK_PEPPER or the key/pepper file from backup.")


def open_keys(engine: Engine, settings: Settings) -> tuple[KeyStore, str | None]:
    """This process's keys checked against the store; ``(keys, pepper problem or None)``.

    KeyMismatch when the store's current key is not among them (a wrong ``KIOSK_KEY``, a
    deleted or stale key file). The first process on an empty store records its key.
    """
    with engine.connect() as conn:
        conn.execution_options(**{READ_ONLY: True})
        with conn.begin():
            recorded = read(conn)
    no_pins = recorded.pepper_id is None and not recorded.has_staff
    try:
        keys = KeyStore.load(settings, create_key=recorded.current is None and no_pins, create_pepper=no_pins)
    except KeyFileMissing as exc:
        uses = f"its rows use key {recorded.current}" if recorded.current else "it holds staff accounts"
        raise KeyMismatch(f"{exc}, but this store is not empty ({uses}). {RESTORE}") from None
    if recorded.current is not None and not keys.holds(recorded.current):
        raise KeyMismatch(mismatch_message(recorded.current, keys))
    current = recorded.current
    if recorded.current is None or (recorded.pepper_id is None and keys.pepper_id is not None):
        with engine.begin() as conn:
            lock_for_setup(conn)
            recorded = read(conn)  # another kiosk may have recorded its key meanwhile
            if recorded.current is None:
                make_current(conn, keys.current_id)
            elif not keys.holds(recorded.current):
                raise KeyMismatch(mismatch_message(recorded.current, keys))
            if recorded.pepper_id is None and keys.pepper_id is not None:
                conn.execute(insert(store_keys).values(key_id=keys.pepper_id, kind="pepper", is_current=True,
                                                       added_at=dt.datetime.now(UTC)))
                recorded = Recorded(recorded.current, recorded.live, keys.pepper_id, recorded.has_staff)
            current = recorded.current or keys.current_id
    remember_current(settings.data_dir, current or keys.current_id)
    return keys, pepper_problem(recorded.pepper_id, keys)


def remember_current(data_dir: Path, key_id: str) -> None:
    """Note the store's current key beside the key file, for when the database cannot be asked.

    ``spool_visit`` checks it, so a wrong key is refused even while the database is down.
    """
    path = data_dir / CURRENT_KEY_FILE
    try:
        if path.read_text(encoding="ascii").strip() == key_id:
            return
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    try:
        write_private_file(path, f"{key_id}\n".encode("ascii"))
    except OSError as exc:  # only a hint: the database stays the authority
        log.warning("cannot note the current key id in %s (%s)", path, exc.strerror)


def check_remembered(data_dir: Path, keys: KeyStore) -> None:
    """KeyMismatch when the last store key noted here is not in ``keys`` (the database is down)."""
    try:
        key_id = (data_dir / CURRENT_KEY_FILE).read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return
    if key_id and not keys.holds(key_id):
        raise KeyMismatch(mismatch_message(key_id, keys))


def inspect_keys(conn: Connection, keys: KeyStore) -> str | None:
    """Why ``keys`` do not fit this store, or None; only reads (for ``kiosk doctor``)."""
    if not inspect(conn).has_table("store_keys"):
        return None  # not migrated yet: the first open records the key
    recorded = read(conn)
    if recorded.current is not None and not keys.holds(recorded.current):
        return mismatch_message(recorded.current, keys)
    return pepper_problem(recorded.pepper_id, keys)


def current_key(conn: Connection, keys: KeyStore) -> str:
    """The key new rows go under, checked inside the writing transaction.

    Read each time, so a long-running kiosk follows a rotation made by another process,
    and refuses (rather than forks) if the store moved to a key it does not have.
    """
    current = conn.execute(select(store_keys.c.key_id).where(
        store_keys.c.kind == "data", store_keys.c.is_current.is_(True))).scalar()
    if current is None:
        raise KeyMismatch(f"this store has no current key recorded. {RESTORE}")
    if not keys.holds(current):
        raise KeyMismatch(mismatch_message(current, keys))
    return str(current)


def make_current(conn: Connection, key_id: str) -> None:
    """Record ``key_id`` as the key new rows go under (a new store, or a rotation)."""
    conn.execute(update(store_keys).where(store_keys.c.kind == "data").values(is_current=False))
    known = conn.execute(select(store_keys.c.key_id).where(store_keys.c.key_id == key_id)).scalar()
    if known is None:
        conn.execute(insert(store_keys).values(key_id=key_id, kind="data", is_current=True,
                                               added_at=dt.datetime.now(UTC)))
    else:
        conn.execute(update(store_keys).where(store_keys.c.key_id == key_id)
                     .values(is_current=True, retired_at=None))


def _wrap_aad(key_id: str, wrapper: str) -> bytes:
    return f"audit key|{key_id}|{wrapper}".encode()


def retire(conn: Connection, key_id: str, keys: KeyStore) -> None:
    """Mark a data key retired, keeping only its audit MAC key (wrapped under the current key).

    StoreError while any visit still uses it, or while it is current.
    """
    row = conn.execute(select(store_keys).where(store_keys.c.key_id == key_id,
                                                store_keys.c.kind == "data")).one_or_none()
    if row is None:
        raise StoreError(f"no data key {key_id} is recorded in this store (see `kiosk key list`)")
    if row.retired_at is not None:
        raise StoreError(f"key {key_id} is already retired")
    if row.is_current:
        raise StoreError(f"key {key_id} is the current key: rotate (`kiosk key rotate`) before retiring it")
    used = conn.execute(select(func.count()).select_from(submissions).where(submissions.c.key_id == key_id)).scalar()
    if used:
        raise StoreError(f"key {key_id} still encrypts {used} visit(s): finish `kiosk key rotate` first "
                         "(unreadable visits are listed by `kiosk audit verify`)")
    current = current_key(conn, keys)
    signed = conn.execute(select(exists().where(audit_log.c.key_id == key_id))).scalar()
    wrapped = None
    if signed:
        if not keys.holds(key_id):
            raise StoreError(f"audit entries were signed with key {key_id}: put it back into {keys.source} "
                             "so its audit MAC key can be kept, then retire it")
        wrapped = keys.encrypt(keys.audit_key(key_id), _wrap_aad(key_id, current), current)[1]
    now = dt.datetime.now(UTC)
    conn.execute(update(store_keys).where(store_keys.c.key_id == key_id).values(
        retired_at=now, audit_key=wrapped, wrapped_by=current if wrapped else None))
    for old in conn.execute(select(store_keys).where(store_keys.c.wrapped_by == key_id)).all():
        audit_key = keys.decrypt(key_id, old.audit_key, _wrap_aad(old.key_id, key_id))
        rewrapped = keys.encrypt(audit_key, _wrap_aad(old.key_id, current), current)[1]
        conn.execute(update(store_keys).where(store_keys.c.key_id == old.key_id)
                     .values(audit_key=rewrapped, wrapped_by=current))


def audit_keys(conn: Connection, keys: KeyStore) -> dict[str, bytes]:
    """Every audit MAC key this process can use: its own keys' and the retired keys' kept ones."""
    found = {kid: keys.audit_key(kid) for kid in keys.key_ids}
    rows = conn.execute(select(store_keys).where(store_keys.c.audit_key.is_not(None))).all()
    for row in rows:
        if row.key_id not in found and keys.holds(row.wrapped_by):
            found[row.key_id] = keys.decrypt(row.wrapped_by, row.audit_key, _wrap_aad(row.key_id, row.wrapped_by))
    return found


def listing(conn: Connection) -> list[tuple[str, str, str, int]]:
    """``(key id, kind, state, visits using it)`` for ``kiosk key list``."""
    grouped = conn.execute(select(submissions.c.key_id, func.count()).group_by(submissions.c.key_id)).all()
    counts = {str(kid): int(n) for kid, n in grouped}
    rows = conn.execute(select(store_keys).order_by(store_keys.c.added_at, store_keys.c.key_id)).all()
    return [(r.key_id, r.kind, _state(r), counts.get(r.key_id, 0)) for r in rows]


def _state(row: Any) -> str:
    if row.kind == "pepper":
        return "in use"
    if row.retired_at is not None:
        return "retired"
    return "current" if row.is_current else "old"
