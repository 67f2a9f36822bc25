"""Key rotation: re-encrypt every row under a new key, in small committed batches.

Old keys stay in the key store, so an interrupted rotation loses nothing: each row names
its key, rows already done use the new one, the rest still read with the old one, and
running the rotation again finishes the job.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from sqlalchemy import select, update

from kiosk.store import audit as audit_log
from kiosk.store.codec import reencrypt
from kiosk.store.errors import StoreError
from kiosk.store.refusals import database as _database
from kiosk.store.store import Store
from kiosk.store.tables import submissions as sub_t


class RotationResult(BaseModel):
    """What a rotation did."""

    key_id: str
    rows: int
    spooled: int


def rotate_keys(
    store: Store, *, actor: str = "system", batch_size: int = 500,
    after_batch: Callable[[int], None] | None = None,
) -> RotationResult:
    """Make a new key current (key file) and re-encrypt every row and spool file under it."""
    keys = store.keys
    if keys.from_file:
        keys.add_key()
    current = keys.current_id
    done = 0
    while True:
        with _database("re-encrypting"), store.engine.begin() as conn:
            rows = conn.execute(
                select(sub_t).where(sub_t.c.key_id != current).order_by(sub_t.c.id).limit(batch_size)
            ).all()
            for row in rows:
                # Matching the old key id too: a row rewritten meanwhile is left alone.
                conn.execute(update(sub_t).where(sub_t.c.id == row.id, sub_t.c.key_id == row.key_id)
                             .values(**reencrypt(row, keys)))
        if not rows:
            break
        done += len(rows)
        if after_batch is not None:
            after_batch(done)
    if not keys.from_file and done == 0 and len(keys.key_ids) == 1:
        raise StoreError("KIOSK_KEY holds one key and every row already uses it: put a new key first "
                         "(KIOSK_KEY=NEW,OLD; `kiosk key generate` makes one), then rotate")
    spooled = 0
    for path in store.spool.pending():
        store.spool.rewrite(path)
        spooled += 1
    with _database("writing the audit log"), store.engine.begin() as conn:
        audit_log.append(conn, actor, "key.rotate", None, f"key:{current} rows:{done} spooled:{spooled}")
    return RotationResult(key_id=current, rows=done, spooled=spooled)
