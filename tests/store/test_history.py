"""A patient's history on a real database: visits by blind index, histories linked and unlinked by
hand (audited in the HMAC chain), links surviving a key rotation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.store import NotFound, Store, StoreError, rotate_keys
from kiosk.store.tables import audit_log

UTC = dt.timezone.utc
START = dt.datetime(2026, 6, 1, 15, 0, tzinfo=UTC)


def _visits(make_submission: Any, name: str, totals: list[int], first_day: int = 0) -> list[Any]:
    return [make_submission(now=START + dt.timedelta(days=first_day + 7 * n), name=name, total=t)
            for n, t in enumerate(totals)]


@pytest.fixture
def two_spellings(store: Store, make_submission: Any) -> tuple[list[Any], list[Any]]:
    """Zelda's visits under her name, two more where it was typed "Zelda Quora", and a stranger."""
    right = _visits(make_submission, "Zelda Quorra", [20, 16, 12])
    typo = _visits(make_submission, "Zelda Quora", [10, 6], first_day=21)
    store.add_many([*right, *typo, make_submission(name="Someone Else", total=3)])
    return right, typo


def _entries(store: Store, action: str) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(audit_log).where(audit_log.c.action == action)).all())


def test_history_is_every_visit_of_the_patient_oldest_first(
        store: Store, two_spellings: tuple[list[Any], list[Any]]) -> None:
    right, typo = two_spellings
    found = store.history(right[1], actor="desk:ana")
    assert [v.id for v in found] == [v.id for v in right]
    assert [v.id for v in store.history(typo[0], actor="desk:ana")] == [v.id for v in typo]
    [entry] = [e for e in _entries(store, "history.view") if e.submission_id == right[1].id]
    assert (entry.actor, entry.detail) == ("desk:ana", "visits:3")


def test_linking_two_spellings_makes_one_history_and_is_audited(
        store: Store, two_spellings: tuple[list[Any], list[Any]]) -> None:
    right, typo = two_spellings
    store.link_histories(right[0].id, typo[1].id, actor="cli:ana")
    everyone = [v.id for v in [*right, *typo]]
    assert [v.id for v in store.history(right[2], actor="t")] == everyone
    assert [v.id for v in store.history(typo[0], actor="t")] == everyone
    [entry] = _entries(store, "history.link")
    assert (entry.actor, entry.submission_id, entry.detail) == ("cli:ana", right[0].id, f"with:{typo[1].id}")
    assert "Zelda" not in entry.detail and "Quor" not in entry.detail
    assert store.verify_audit().intact
    assert store.history_links_of(typo[0]) == [tuple(sorted((right[0].id, typo[1].id)))]


def test_unlinking_splits_them_again_and_is_audited(
        store: Store, two_spellings: tuple[list[Any], list[Any]]) -> None:
    right, typo = two_spellings
    store.link_histories(typo[0].id, right[2].id, actor="cli:ana")
    store.unlink_histories(right[2].id, typo[0].id, actor="cli:bo")  # either order
    assert [v.id for v in store.history(right[0], actor="t")] == [v.id for v in right]
    [entry] = _entries(store, "history.unlink")
    assert (entry.actor, entry.detail) == ("cli:bo", f"with:{typo[0].id}")
    with pytest.raises(NotFound, match="were not linked"):
        store.unlink_histories(right[2].id, typo[0].id, actor="cli:bo")
    assert store.verify_audit().intact


def test_refused_links_change_nothing(store: Store, two_spellings: tuple[list[Any], list[Any]],
                                      make_submission: Any) -> None:
    right, typo = two_spellings
    with pytest.raises(StoreError, match="itself"):
        store.link_histories(right[0].id, right[0].id, actor="t")
    with pytest.raises(StoreError, match="already one patient's history"):
        store.link_histories(right[0].id, right[2].id, actor="t")
    with pytest.raises(NotFound):
        store.link_histories(right[0].id, make_submission().id, actor="t")  # never stored
    store.link_histories(right[0].id, typo[0].id, actor="t")
    with pytest.raises(StoreError, match="already one patient's history"):
        store.link_histories(typo[1].id, right[1].id, actor="t")  # linked through another pair
    assert len(_entries(store, "history.link")) == 1


def test_a_link_survives_a_key_rotation(store: Store, two_spellings: tuple[list[Any], list[Any]]) -> None:
    right, typo = two_spellings
    store.link_histories(right[0].id, typo[0].id, actor="t")
    rotate_keys(store)
    assert len(store.history(right[0], actor="t")) == 5
