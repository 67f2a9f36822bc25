"""Revision 0007 carries each visit's old ``status`` over as separate facts, from what is known."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from kiosk.intake.handling import Fact, Handling
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import UTCDateTime
from tests.store.old_schema import insert_old, migrate_to

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
old_audit = sa.table(
    "audit_log", sa.column("id", sa.Integer), sa.column("at", UTCDateTime), sa.column("actor", sa.String),
    sa.column("action", sa.String), sa.column("submission_id", sa.Uuid), sa.column("detail", sa.String),
    sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
)


def _at_0006(settings: Settings, rows: list[tuple[Any, str]], audit: list[tuple[int, str, str, Any, str]]) -> None:
    """A database at revision 0006 holding ``rows`` (visit, old status) and ``audit`` entries
    (minutes after T0, actor, action, visit, detail), written with the old schema."""
    from kiosk.store.engine import make_engine
    from kiosk.store.keys import KeyStore

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(settings.db_url))
    with engine.begin() as conn:
        migrate_to(conn, "0006")
        keys = KeyStore.load(settings, create_key=True)
        for submission, status in rows:
            insert_old(conn, submission, keys, status)
        for n, (minutes, actor, action, submission, detail) in enumerate(audit, start=1):
            conn.execute(sa.insert(old_audit).values(
                id=n, at=T0 + dt.timedelta(minutes=minutes), actor=actor, action=action,
                submission_id=submission.id, detail=detail, prev_hash="0" * 64, hash=f"{n:064x}"))
        conn.execute(sa.text("UPDATE audit_head SET last_id = :n, last_hash = :h WHERE id = 1"),
                     {"n": len(audit), "h": f"{len(audit):064x}"})
    engine.dispose()


def _fact(minutes: int, by: str) -> Fact:
    return Fact(by=by, at=T0 + dt.timedelta(minutes=minutes))


def test_old_statuses_become_the_facts_the_audit_log_knows(settings: Settings, make_submission: Any) -> None:
    untouched, reviewed, reviewed_then_exported, exported_unreviewed, printed_unlogged, reviewed_after_export = (
        make_submission(name=f"Visit {n}") for n in "ABCDEF")
    _at_0006(settings, [
        (untouched, "new"), (reviewed, "reviewed"), (reviewed_then_exported, "exported"),
        (exported_unreviewed, "exported"), (printed_unlogged, "printed"), (reviewed_after_export, "reviewed"),
    ], [
        (1, "staff:1", "status.change", reviewed, "new->reviewed"),
        (2, "staff:1", "status.change", reviewed_then_exported, "new->reviewed"),
        (3, "staff:2", "export", reviewed_then_exported, "format:pdf file:a.pdf"),
        (3, "staff:2", "status.change", reviewed_then_exported, "reviewed->exported"),
        (4, "cli:ops", "export", exported_unreviewed, "format:fhir file:b.json"),
        (4, "cli:ops", "status.change", exported_unreviewed, "new->exported"),
        (5, "staff:3", "export", reviewed_after_export, "format:pdf file:c.pdf"),
        (5, "staff:3", "status.change", reviewed_after_export, "new->exported"),
        (6, "staff:1", "status.change", reviewed_after_export, "exported->reviewed"),
        (7, "staff:4", "status.change", reviewed_after_export, "reviewed->reviewed"),  # a second review
        (8, "staff:1", "read", untouched, ""),
    ])
    with Store.open(settings) as store:
        facts = {s.id: store.get(s.id, actor="t").handling for s in (
            untouched, reviewed, reviewed_then_exported, exported_unreviewed, printed_unlogged, reviewed_after_export)}
        with store.engine.connect() as conn:
            assert "status" not in {c["name"] for c in sa.inspect(conn).get_columns("submissions")}
    assert facts[untouched.id] == Handling()
    assert facts[reviewed.id] == Handling(reviewed=_fact(1, "staff:1"))
    assert facts[reviewed_then_exported.id] == Handling(reviewed=_fact(2, "staff:1"), exported=_fact(3, "staff:2"))
    # exported without a recorded review: the export does not pretend a review happened
    assert facts[exported_unreviewed.id] == Handling(exported=_fact(4, "cli:ops"))
    # the status says printed, the log does not say by whom or when: kept, undated
    assert facts[printed_unlogged.id] == Handling(printed=Fact(by="unknown", at=None))
    # the old desk turned "exported" back into "reviewed": both facts are carried, the first reviewer kept
    assert facts[reviewed_after_export.id] == Handling(reviewed=_fact(6, "staff:1"), exported=_fact(5, "staff:3"))
