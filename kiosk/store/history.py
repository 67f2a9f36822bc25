"""A patient's whole history: every visit under their blind index, and visits staff linked by hand.

The blind index (a keyed hash of normalised name + date of birth) finds a patient's visits
through its own index; when a name was typed two ways, staff link one visit of each spelling
(``history_links``, audited) and the two histories read as one. Links hold visit ids, not
blind indexes, so they survive a key rotation (which recomputes every blind index).

The clinic's MRN, when a visit has one, outranks name + date of birth, because the EHR issued
it for exactly this person while a name and birth date can be shared or mistyped:

- visits with the same MRN (its own keyed index, ``mrn_index``) are one history even when the
  names differ (a married name, a typo the EHR corrected);
- a visit whose MRN differs from this visit's is never taken in by name + date of birth alone:
  two people with one name and birthday are two histories once the EHR says so;
- a visit without an MRN still joins by name + date of birth (most kiosk visits have none),
  and a link staff made by hand is kept even across differing MRNs: it is a person's decision
  (and can be undone), not a guess.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Connection, delete, insert, or_, select

from kiosk.intake.submission import Submission
from kiosk.store.codec import decode
from kiosk.store.errors import NotFound, StoreError
from kiosk.store.keys import normalise_name
from kiosk.store.queue import UnreadableRow
from kiosk.store.tables import history_links as link_t
from kiosk.store.tables import submissions as sub_t
from kiosk.store.transactions import Tx
from kiosk.store.reading import ReadingMixin

UTC = dt.timezone.utc
Person = tuple[str, dt.date]  # normalised legal name, date of birth


def _person(submission: Submission) -> Person:
    return normalise_name(submission.patient.legal_name), submission.patient.date_of_birth


def _other_mrn(visit: Submission, other: Submission) -> bool:
    """True when both visits carry an MRN and they differ (spacing and case ignored)."""
    mine, theirs = visit.patient.mrn, other.patient.mrn
    return bool(mine and theirs and " ".join(mine.split()).casefold() != " ".join(theirs.split()).casefold())


def _pair(a: uuid.UUID, b: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """A link's two ids in stored order (the smaller first), so each pair is one row."""
    return (a, b) if str(a) < str(b) else (b, a)


class HistoryMixin(ReadingMixin):
    """History of one patient, and linking or unlinking two histories; mixed into Store."""

    def history(self, submission: Submission, *, actor: str) -> list[Submission]:
        """Every readable visit of ``submission``'s patient (linked histories included), oldest
        first; the read is audited as one entry naming the visit it was asked for."""
        with self.writing("reading a patient's history") as tx:
            readable, unreadable = self._history_rows(tx.conn, submission)
            tx.log(actor, "history.view", submission.id, f"visits:{len(readable)}")
        self.record_unreadable(unreadable, actor)
        return readable

    def link_histories(self, first: uuid.UUID, second: uuid.UUID, *, actor: str) -> None:
        """Declare the patients of two visits one person (a name typed two ways); audited.

        NotFound when either visit is not stored; StoreError when they are already one history.
        """
        if first == second:
            raise StoreError("a visit cannot be linked to itself: give two different visits")
        with self.writing("linking two histories") as tx:
            a, b = (self._load(tx, visit_id) for visit_id in (first, second))
            if b.id in {visit.id for visit in self._history_rows(tx.conn, a)[0]}:
                raise StoreError("these two visits are already one patient's history: nothing to link")
            low, high = _pair(a.id, b.id)
            tx.conn.execute(insert(link_t).values(visit_a=low, visit_b=high, linked_at=dt.datetime.now(UTC),
                                                  linked_by=actor[:128]))
            tx.log(actor, "history.link", first, f"with:{second}")

    def unlink_histories(self, first: uuid.UUID, second: uuid.UUID, *, actor: str) -> None:
        """Undo ``link_histories`` of these two visits; audited. NotFound when they were not linked."""
        low, high = _pair(first, second)
        with self.writing("unlinking two histories") as tx:
            removed = tx.conn.execute(delete(link_t).where(link_t.c.visit_a == low, link_t.c.visit_b == high)).rowcount
            if not removed:
                raise NotFound("these two visits were not linked by hand: nothing to unlink "
                               "(`kiosk history show ID` lists a history's links)")
            tx.log(actor, "history.unlink", first, f"with:{second}")

    def history_links_of(self, submission: Submission) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """The hand-made links inside ``submission``'s history, as (visit, visit) id pairs."""
        with self._connect(write=False) as conn:
            ids = self._ids(conn, self._linked_indexes(conn, [_person(submission)]))
            return _links_touching(conn, ids)

    # --- helpers ---------------------------------------------------------------------------

    def _history_rows(self, conn: Connection, submission: Submission) -> tuple[list[Submission], list[UnreadableRow]]:
        """The patient's visits, oldest first (readable, and rows that could not be decrypted):
        by blind index, hand links and MRN, without those of a different MRN (module docstring)."""
        query = select(sub_t).where(self._history_match(conn, submission))
        readable, unreadable = self._decode_all(conn.execute(query.order_by(sub_t.c.created_at, sub_t.c.id)).all())
        by_hand = {visit for link in _links_touching(conn, {s.id for s in readable}) for visit in link}
        return [s for s in readable if s.id in by_hand or not _other_mrn(submission, s)], unreadable

    def _history_match(self, conn: Connection, submission: Submission) -> ColumnElement[bool]:
        """Rows under the patient's (and linked patients') blind indexes, or under their MRN."""
        condition: ColumnElement[bool] = sub_t.c.blind_index.in_(self._linked_indexes(conn, [_person(submission)]))
        if submission.patient.mrn:
            condition = or_(condition, sub_t.c.mrn_index.in_(self.keys.mrn_indexes(submission.patient.mrn)))
        return condition

    def _load(self, tx: Tx, visit_id: uuid.UUID) -> Submission:
        row = tx.conn.execute(select(sub_t).where(sub_t.c.id == visit_id)).one_or_none()
        if row is None:
            raise NotFound(f"no submission {visit_id}")
        return decode(row, self.keys)

    def _linked_indexes(self, conn: Connection, start: Iterable[Person]) -> list[str]:
        """The blind indexes (under every key) of ``start`` and of everyone linked to them, to a
        fixed point: a link's far visit is decrypted for its name and date of birth, so its
        visits under older keys are found too."""
        people: set[Person] = set(start)
        seen_links: set[tuple[uuid.UUID, uuid.UUID]] = set()
        while True:
            indexes = sorted({index for name, born in people for index in self.keys.blind_indexes(name, born)})
            ids = self._ids(conn, indexes)
            new_links = [link for link in _links_touching(conn, ids) if link not in seen_links]
            if not new_links:
                return indexes
            seen_links.update(new_links)
            far = {visit for link in new_links for visit in link} - ids
            rows = conn.execute(select(sub_t).where(sub_t.c.id.in_(far))).all() if far else []
            readable, _ = self._decode_all(rows)
            people.update(_person(s) for s in readable)

    @staticmethod
    def _ids(conn: Connection, indexes: list[str]) -> set[uuid.UUID]:
        return set(conn.execute(select(sub_t.c.id).where(sub_t.c.blind_index.in_(indexes))).scalars())


def _links_touching(conn: Connection, ids: set[uuid.UUID]) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Every hand-made link with at least one end among ``ids`` (both columns are indexed)."""
    if not ids:
        return []
    rows = conn.execute(select(link_t.c.visit_a, link_t.c.visit_b)
                        .where(or_(link_t.c.visit_a.in_(ids), link_t.c.visit_b.in_(ids)))).all()
    return sorted((row.visit_a, row.visit_b) for row in rows)
