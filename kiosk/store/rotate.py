"""Key rotation and retirement: re-encrypt every row under a new key, then drop the old one.

Old keys stay in the key store, so an interrupted rotation loses nothing: each row names
its key, rows already done use the new one, the rest still read with the old one, and
running the rotation again finishes the job. A row that cannot be decrypted (altered, or
its key is gone) is skipped and reported rather than stopping the rotation for good.
A key is retired only once no visit uses it; its audit MAC key is kept (wrapped) so old
audit entries still verify.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from pydantic import BaseModel
from sqlalchemy import select, update

from kiosk.store import registry
from kiosk.store.codec import reencrypt
from kiosk.store.errors import KeyStoreError, StoreError, UnreadableVisit
from kiosk.store.queue import UnreadableRow
from kiosk.store.store import Store
from kiosk.store.tables import submissions as sub_t


class RotationResult(BaseModel):
    """What a rotation did, and which visits it had to leave as they were."""

    key_id: str
    rows: int
    spooled: int
    unreadable: list[uuid.UUID] = []
    unreadable_spool: list[str] = []


def rotate_keys(
    store: Store, *, actor: str = "system", batch_size: int = 500,
    after_batch: Callable[[int], None] | None = None,
) -> RotationResult:
    """Make a new key current (key file) and re-encrypt every row and spool file under it."""
    keys = store.keys
    if keys.from_file:
        keys.add_key()
    current = keys.current_id
    with store.writing("recording the new key") as tx:
        before = registry.read(tx.conn).current
        registry.make_current(tx.conn, current)
    if store.data_dir is not None:
        registry.remember_current(store.data_dir, current)
    done, after = 0, uuid.UUID(int=0)
    skipped: list[UnreadableRow] = []
    while True:
        with store.writing("re-encrypting") as tx:
            rows = tx.conn.execute(
                select(sub_t).where(sub_t.c.key_id != current, sub_t.c.id > after).order_by(sub_t.c.id).limit(batch_size)
            ).all()
            for row in rows:
                try:
                    values = reencrypt(row, keys, current)
                except UnreadableVisit:
                    skipped.append(UnreadableRow.of(row))
                    continue
                # Matching the old key id too: a row rewritten meanwhile is left alone.
                tx.conn.execute(update(sub_t).where(sub_t.c.id == row.id, sub_t.c.key_id == row.key_id)
                                .values(**values))
                done += 1
        if not rows:
            break
        after = rows[-1].id
        if after_batch is not None:
            after_batch(done)
    if not keys.from_file and done == 0 and before == current and len(keys.key_ids) == 1:
        raise StoreError("KIOSK_KEY holds one key and every row already uses it: put a new key first "
                         "(KIOSK_KEY=NEW,OLD; `kiosk key generate` makes one), then rotate")
    spooled, bad_spool = _rewrite_spool(store)
    store.record_unreadable(skipped, actor)
    detail = f"key:{current} rows:{done} spooled:{spooled} unreadable:{len(skipped) + len(bad_spool)}"
    store.audit(actor, "key.rotate", None, detail)
    return RotationResult(key_id=current, rows=done, spooled=spooled,
                          unreadable=[s.id for s in skipped], unreadable_spool=bad_spool)


def _rewrite_spool(store: Store) -> tuple[int, list[str]]:
    spooled, bad = 0, []
    for path in store.spool.pending():
        try:
            store.spool.rewrite(path)
        except (KeyStoreError, ValueError, KeyError) as exc:
            bad.append(f"{path.name} ({exc.__class__.__name__})")
            continue
        spooled += 1
    return spooled, bad


def retire_key(store: Store, key_id: str, *, actor: str = "system") -> None:
    """Retire ``key_id``: refused while any visit or spool file uses it, or while it is current."""
    waiting = [p.name for p in store.spool.pending() if _spool_key(p.read_text(encoding="utf-8")) == key_id]
    if waiting:
        raise StoreError(f"key {key_id} still encrypts {len(waiting)} spooled visit(s): run `kiosk key rotate` first")
    with store.writing("retiring the key") as tx:
        registry.retire(tx.conn, key_id, store.keys)
        tx.log(actor, "key.retire", None, f"key:{key_id}")
    if store.keys.from_file:
        store.keys.drop_key(key_id)


def _spool_key(text: str) -> str | None:
    try:
        return str(json.loads(text)["key_id"])
    except (ValueError, KeyError, TypeError):
        return None
