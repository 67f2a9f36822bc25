"""The clinic's MRN on a real database: kept encrypted with a keyed index, links a history across
names, keeps two people with one name and birthday apart, set or corrected by staff (audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.forms.loader import FormLibrary
from kiosk.intake.visit import VisitError, build_submission
from kiosk.store import NotFound, Store, StoreError, rotate_keys
from kiosk.store.tables import audit_log
from kiosk.store.tables import submissions as sub_t
from tests.store.conftest import visit

UTC = dt.timezone.utc
START = dt.datetime(2026, 6, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def with_mrn(notes_library: FormLibrary) -> Any:
    """A scored visit of ``name`` with ``mrn`` (None: no MRN), ``day`` days after START."""

    def make(name: str, mrn: Any, day: int = 0, total: int = 4) -> Any:
        raw = visit(name=name, total=total)
        if mrn is not None:
            raw["mrn"] = mrn
        return build_submission(notes_library, raw, kiosk_id="lobby-1", now=START + dt.timedelta(days=day))

    return make


def _raw_rows(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(sub_t)).all())


def test_the_mrn_is_stored_encrypted_and_indexed_not_in_clear(store: Store, with_mrn: Any) -> None:
    stored = with_mrn("Zelda Quorra", "  MRN-0042  7 ")
    store.add(stored)
    assert store.get(stored.id, actor="t").patient.mrn == "MRN-0042 7"
    [row] = _raw_rows(store)
    assert row.mrn_index == store.keys.mrn_index("mrn-0042 7")  # spacing and case ignored
    assert row.mrn_index != row.blind_index
    assert b"MRN-0042" not in row.payload and "MRN-0042" not in repr(tuple(row))


def test_the_same_mrn_links_visits_whose_names_differ(store: Store, with_mrn: Any) -> None:
    first = with_mrn("Zelda Quorra", "A100", day=0)
    renamed = with_mrn("Zelda Quorra-Smith", "A100", day=7)  # married name, same EHR record
    unrelated = with_mrn("Zelda Quorra-Smith", None, day=8)  # no MRN, other name: not this series
    store.add_many([first, renamed, unrelated])
    assert [v.id for v in store.history(first, actor="t")] == [first.id, renamed.id]
    assert [v.id for v in store.history(renamed, actor="t")] == [first.id, renamed.id, unrelated.id]


def test_a_different_mrn_never_links_by_name_and_birth_date_alone(store: Store, with_mrn: Any) -> None:
    one = with_mrn("Zelda Quorra", "A100", day=0)
    namesake = with_mrn("Zelda Quorra", "B200", day=7)  # same name and birthday, another person
    unknown = with_mrn("Zelda Quorra", None, day=14)  # a kiosk visit with no MRN joins by name
    store.add_many([one, namesake, unknown])
    assert [v.id for v in store.history(one, actor="t")] == [one.id, unknown.id]
    assert [v.id for v in store.history(namesake, actor="t")] == [namesake.id, unknown.id]
    store.link_histories(one.id, namesake.id, actor="desk:ana")  # staff decide otherwise: kept
    assert [v.id for v in store.history(one, actor="t")] == [one.id, namesake.id, unknown.id]


def test_staff_set_correct_and_clear_the_mrn_audited_without_the_number(store: Store, with_mrn: Any) -> None:
    later = with_mrn("Zelda Quorra Smith", "A100", day=7)
    kiosk_visit = with_mrn("Zelda Quorra", None, day=0)
    store.add_many([kiosk_visit, later])
    assert [v.id for v in store.history(later, actor="t")] == [later.id]
    assert store.set_mrn(kiosk_visit.id, " A100 ", actor="desk:ana") == "A100"
    assert [v.id for v in store.history(later, actor="t")] == [kiosk_visit.id, later.id]
    store.set_mrn(kiosk_visit.id, "A101", actor="desk:ana")
    store.set_mrn(kiosk_visit.id, "A101", actor="desk:ana")  # unchanged: no second entry
    store.set_mrn(kiosk_visit.id, "", actor="desk:bo")
    assert store.get(kiosk_visit.id, actor="t").patient.mrn is None
    with store.engine.connect() as conn:
        entries = conn.execute(sa.select(audit_log).where(audit_log.c.action == "visit.mrn")
                               .order_by(audit_log.c.id)).all()
    assert [(e.actor, e.detail) for e in entries] == [("desk:ana", "set"), ("desk:ana", "changed"),
                                                      ("desk:bo", "cleared")]
    assert store.verify_audit().intact


@pytest.mark.parametrize(("bad", "reason"), [
    ("A\u202e100", "MRN contains a text-direction control character"),
    ("A" * 65, "MRN is longer than 64 characters"),
    ("\u200b", "MRN has no visible letters"),
])
def test_a_bad_mrn_from_the_desk_is_refused_by_name_not_value(store: Store, with_mrn: Any, bad: str,
                                                              reason: str) -> None:
    stored = with_mrn("Zelda Quorra", "A100")
    store.add(stored)
    with pytest.raises(StoreError) as caught:
        store.set_mrn(stored.id, bad, actor="desk:ana")
    assert str(caught.value) == reason
    assert store.get(stored.id, actor="t").patient.mrn == "A100"
    with pytest.raises(NotFound):
        store.set_mrn(__import__("uuid").uuid4(), "A100", actor="desk:ana")


def test_the_mrn_index_follows_a_key_rotation(store: Store, settings: Any, with_mrn: Any) -> None:
    first, second = with_mrn("Zelda Quorra", "A100", day=0), with_mrn("Zelda Smith", "A100", day=7)
    store.add_many([first, second])
    rotate_keys(store)
    [row, _] = _raw_rows(store)
    assert row.mrn_index == store.keys.mrn_index("A100")  # under the new current key
    assert [v.id for v in store.history(second, actor="t")] == [first.id, second.id]


@pytest.mark.parametrize(("mrn", "problem"), [
    (["A1"], "mrn: must be text (the clinic's medical record number)"),
    ("A\x00", "mrn: contains a NUL character"),
    ("9" * 80, "mrn: is longer than 64 characters"),
])
def test_kiosk_submit_refuses_a_bad_mrn_naming_the_field(notes_library: FormLibrary, mrn: Any,
                                                         problem: str) -> None:
    with pytest.raises(VisitError) as caught:
        build_submission(notes_library, {**visit(), "mrn": mrn}, kiosk_id="k")
    assert caught.value.problems == [problem]


def test_a_whole_number_mrn_is_kept_as_text(notes_library: FormLibrary) -> None:
    assert build_submission(notes_library, {**visit(), "mrn": 12345}, kiosk_id="k").patient.mrn == "12345"
