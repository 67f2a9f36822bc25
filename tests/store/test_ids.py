"""Short ids: a visit found by any unique prefix of 8+ hex digits, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.store import AmbiguousId, NotFound, Store
from kiosk.store.ids import prefix_query


def _stored(store: Store, make_submission: Any, *ids: str) -> list[uuid.UUID]:
    """Visits stored under chosen ids (neighbours at the edges of a prefix's range)."""
    made = [make_submission().model_copy(update={"id": uuid.UUID(i)}) for i in ids]
    store.add_many(made)
    return [m.id for m in made]


def test_unique_prefix_finds_the_visit(store: Store, make_submission: Any) -> None:
    below, first, last, above = _stored(
        store, make_submission,
        "abcdef00-ffff-4fff-bfff-ffffffffffff",  # just below the range of abcdef01
        "abcdef01-0000-4000-8000-000000000000",  # the lowest id starting abcdef01…
        "abcdef02-ffff-4fff-bfff-fffffffffffe",
        "abcdef03-0000-4000-8000-000000000000",
    )
    assert store.resolve_id("abcdef01") == first
    assert store.resolve_id("ABCDEF02") == last  # as typed from a printout, upper case
    assert store.resolve_id("abcdef00-ffff") == below  # the dashed form of the id, cut short
    assert store.resolve_id(str(above)) == above  # a whole id still works
    with pytest.raises(NotFound, match="no submission abcdef04"):
        store.resolve_id("abcdef04")


def test_ambiguous_prefix_is_refused_with_a_clear_message(store: Store, make_submission: Any) -> None:
    one, two = _stored(store, make_submission, "12345678-aaaa-4000-8000-000000000001",
                       "12345678-bbbb-4000-8000-000000000002")
    with pytest.raises(AmbiguousId, match="more than one submission's id: give more characters"):
        store.resolve_id("12345678")
    assert store.resolve_id("12345678a") == one and store.resolve_id("12345678-bb") == two


@pytest.mark.parametrize("text", ["abc", "1234567", "not-an-id-at-all", "g2345678", "1" * 33])
def test_malformed_or_short_prefix_is_refused(store: Store, text: str) -> None:
    with pytest.raises(ValueError, match="submission id|too short"):
        store.resolve_id(text)


def test_prefix_lookup_uses_the_primary_key_index(store: Store, make_submission: Any) -> None:
    _stored(store, make_submission, *(str(uuid.uuid4()) for _ in range(50)))
    query = prefix_query("abcdef01")
    with store.engine.connect() as conn:
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SET enable_seqscan = off"))  # 50 rows: else a scan is cheaper
            plan = " ".join(conn.execute(sa.text(f"EXPLAIN {sql}")).scalars())
            assert "submissions_pkey" in plan and "Seq Scan" not in plan, plan
        else:
            plan = " ".join(str(row[-1]) for row in conn.execute(sa.text(f"EXPLAIN QUERY PLAN {sql}")))
            assert "USING" in plan and "INDEX" in plan and "SCAN submissions" not in plan, plan


def test_arguments_are_checked_without_loading_the_database_layer() -> None:
    """`kiosk export` forks its PDF worker before the store opens: parsing must not import SQLAlchemy."""
    code = ("import sys, kiosk.cli; kiosk.cli.build_parser().parse_args(['export', 'abcdef01']); "
            "print('sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
