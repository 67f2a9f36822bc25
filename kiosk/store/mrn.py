"""Staff adding or correcting a visit's MRN at the desk: the patient re-encrypted, audited.

The MRN lives inside the encrypted payload with the rest of the patient (it identifies a
person); only its keyed hash (``mrn_index``) is in the clear, to find the patient's visits.
Changing it rewrites the row under the store's current key in one transaction with its audit
entry, which says that the MRN was set, changed or cleared, never the number itself.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from kiosk.limits import clean_mrn, mrn_problem
from kiosk.store.changes import announce
from kiosk.store.codec import decode, encode
from kiosk.store.errors import NotFound, StoreError
from kiosk.store.reading import ReadingMixin
from kiosk.store.tables import submissions as sub_t


class MrnMixin(ReadingMixin):
    """Setting a stored visit's MRN; mixed into Store."""

    def set_mrn(self, submission_id: uuid.UUID, mrn: str | None, *, actor: str) -> str | None:
        """Give visit ``submission_id`` the MRN ``mrn`` (None or blank: remove it); the MRN as kept.

        StoreError (naming the problem, not the value) for an MRN the kiosk cannot keep;
        NotFound when the visit is not stored. Setting the MRN it already has changes nothing.
        """
        if mrn is not None and not mrn.strip():
            mrn = None
        if mrn is not None:
            if problem := mrn_problem(mrn):
                raise StoreError(f"MRN {problem}")
            mrn = clean_mrn(mrn)
        with self.writing("changing the visit's MRN") as tx:
            row = tx.conn.execute(select(sub_t).where(sub_t.c.id == submission_id)).one_or_none()
            if row is None:
                raise NotFound(f"no submission {submission_id}")
            visit = decode(row, self.keys)
            before = visit.patient.mrn
            if before == mrn:
                return mrn
            changed = visit.model_copy(update={"patient": visit.patient.model_copy(update={"mrn": mrn})})
            values = encode(changed, self.keys, tx.key_id())
            tx.conn.execute(update(sub_t).where(sub_t.c.id == submission_id).values(
                {k: values[k] for k in ("key_id", "payload", "blind_index", "mrn_index")}))
            what = "cleared" if mrn is None else "set" if before is None else "changed"
            tx.log(actor, "visit.mrn", submission_id, what)
            announce(tx.conn, [str(submission_id)])
        return mrn
