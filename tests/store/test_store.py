"""The store on a real database (SQLite file and PostgreSQL): round trip, queue, lookup, audit."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.intake.handling import Step
from kiosk.settings import Settings
from kiosk.store import NotFound, Store, StoreError
from kiosk.store.tables import audit_log, submissions
from tests.store.conftest import drop_append_only_guard
from tests.store.old_schema import insert_old, migrate_to

UTC = dt.timezone.utc
SECRET_TEXT = "my neighbour Bartholomew keeps ferrets"


def _raw_bytes(store: Store, settings: Settings) -> bytes:
    """Every byte the database holds: the SQLite files, or every row of every table as text."""
    if store.engine.dialect.name == "sqlite":
        store.close()
        return b"".join(p.read_bytes() for p in settings.data_dir.glob("kiosk.db*"))
    with store.engine.connect() as conn:
        names = ["submissions", "audit_log", "audit_head", "staff_accounts", "alembic_version"]
        texts = [str(r[0]) for n in names for r in conn.execute(sa.text(f"SELECT t::text FROM {n} t"))]
    return "\n".join(texts).encode()


def test_round_trip_and_nothing_identifying_in_clear(store: Store, settings: Settings, make_submission: Any) -> None:
    sub = make_submission(name="Zelda Quorra", born="1971-03-09", phone="555-0199",
                          total=12, q9=1, notes=SECRET_TEXT)
    store.add(sub)
    again = store.get(sub.id, actor="test")
    assert again == sub
    assert again.patient.phone == "555-0199"
    assert again.responses["notes"].answers["concerns"] == SECRET_TEXT
    assert again.responses["phq9"].scores["total"].value == 12
    assert again.severity == "critical"
    raw = _raw_bytes(store, settings)
    assert str(sub.id).replace("-", "").encode() in raw.replace(b"-", b"")  # the rows really are there
    for secret in ("Zelda", "Quorra", "1971-03-09", "19710309", "555-0199", "Bartholomew", "ferrets"):
        assert secret.encode() not in raw, secret
        assert secret.encode("utf-16-le") not in raw, secret


def test_queue_critical_first_then_by_time(store: Store, make_submission: Any) -> None:
    day = dt.date.today()
    noon = dt.datetime.combine(day, dt.time(12, 0)).astimezone().astimezone(UTC)
    plain_early = make_submission(now=noon - dt.timedelta(minutes=30), name="Ann Early", total=3)
    severe_no_flag = make_submission(now=noon - dt.timedelta(minutes=29), name="Bo Mid", total=20)
    critical_late = make_submission(now=noon, name="Cy Late", total=5, q9=2)
    plain_late = make_submission(now=noon - dt.timedelta(minutes=1), name="Di Late", total=1)
    yesterday = make_submission(now=noon - dt.timedelta(days=1), name="Ed Yesterday")
    tomorrow = make_submission(now=noon + dt.timedelta(days=1), name="Flo Tomorrow")
    for s in (plain_late, yesterday, plain_early, critical_late, severe_no_flag, tomorrow):
        store.add(s)
    queue = store.queue(day)
    assert [e.patient.legal_name for e in queue] == ["Cy Late", "Ann Early", "Bo Mid", "Di Late"]
    assert [e.patient.legal_name for e in store.queue()] == [e.patient.legal_name for e in queue]
    first = queue[0]
    assert first.severity == "critical" and first.kiosk_id == "lobby-1" and first.created_at == noon
    assert first.scores == {"phq9": {"total": {"value": 5, "band": "mild"}}}
    assert [f.id for f in first.flags] == ["phq9_item9"]
    assert first.to_json()["patient"] == {"legal_name": "Cy Late", "date_of_birth": "1971-03-09"}
    assert [e.patient.legal_name for e in store.queue(day - dt.timedelta(days=1))] == ["Ed Yesterday"]


def test_steps_are_separate_facts_filter_the_queue_and_are_audited(store: Store, make_submission: Any) -> None:
    a, b = make_submission(name="Ann One"), make_submission(name="Bob Two")
    store.add(a)
    store.add(b)
    reviewed = store.record(a.id, Step.reviewed, actor="staff:1", action="review").reviewed
    assert reviewed is not None and reviewed.by == "staff:1" and reviewed.at is not None
    assert reviewed.at.tzinfo is not None
    # exporting and printing add facts; the review stays exactly as it was
    store.record(a.id, Step.exported, actor="staff:2", action="export", detail="format:pdf file:x.pdf")
    handling = store.record(a.id, Step.printed, actor="cli:ops", action="print", detail="printer:P cups:P-1")
    assert handling.reviewed == reviewed
    assert handling.exported is not None and handling.exported.by == "staff:2"
    assert handling.printed is not None and handling.printed.by == "cli:ops"
    # a second review does not replace the first reviewer, and is not audited as one
    assert store.record(a.id, Step.reviewed, actor="staff:9", action="review").reviewed == reviewed
    today = a.created_at.astimezone().date()
    assert [e.id for e in store.queue(today, "reviewed")] == [a.id]
    assert [e.id for e in store.queue(today, "exported")] == [a.id]
    assert [e.id for e in store.queue(today, "printed")] == [a.id]
    assert [e.id for e in store.queue(today, "new")] == [b.id]
    assert store.get(a.id, actor="staff:1").handling == handling
    assert store.queue(today, "new")[0].to_json()["reviewed"] is None
    shown = store.queue(today, "reviewed")[0].to_json()
    assert shown["reviewed"] == {"by": "staff:1", "at": reviewed.at.isoformat()}
    assert shown["printed"]["by"] == "cli:ops" and shown["exported"]["by"] == "staff:2"
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).all()
    assert [(r.actor, r.action, r.submission_id, r.detail) for r in rows] == [
        ("staff:1", "review", a.id, ""), ("staff:2", "export", a.id, "format:pdf file:x.pdf"),
        ("cli:ops", "print", a.id, "printer:P cups:P-1"), ("staff:1", "read", a.id, ""),
    ]
    with pytest.raises(NotFound):
        store.record(uuid.uuid4(), Step.printed, actor="staff:1", action="print")
    with pytest.raises(NotFound):
        store.get(uuid.uuid4(), actor="staff:1")
    with pytest.raises(StoreError, match="unknown queue filter"):
        store.queue(today, "done")


def test_find_by_blind_index_and_previous_visit(store: Store, make_submission: Any) -> None:
    now = dt.datetime.now(UTC)
    first = make_submission(now=now - dt.timedelta(days=30), name="José  O'Neil", born="1980-02-29", total=15)
    second = make_submission(now=now - dt.timedelta(days=2), name="jose oneil", born="1980-02-29", total=8)
    other_dob = make_submission(now=now - dt.timedelta(days=1), name="José O'Neil", born="1980-03-01")
    other_name = make_submission(now=now, name="Josefa O'Neil", born="1980-02-29")
    for s in (first, second, other_dob, other_name):
        store.add(s)
    found = store.find("JOSE O’NEIL".replace("’", "'"), dt.date(1980, 2, 29), actor="staff:2")
    assert [s.id for s in found] == [second.id, first.id]
    assert store.previous_visit(second) == first
    assert store.previous_visit(first) is None
    assert store.find("Nobody Here", dt.date(1980, 2, 29), actor="staff:2") == []


def test_database_refuses_audit_edits(store: Store) -> None:
    store.audit("staff:1", "staff.login")
    for change in (sa.update(audit_log).values(actor="someone else"), sa.delete(audit_log)):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(change)
    report = store.verify_audit()
    assert (report.rows, report.problems) == (1, [])


def test_audit_chain_detects_edit_and_deletion(store: Store, make_submission: Any) -> None:
    sub = make_submission()
    store.add(sub)
    for action in ("read", "export", "print", "staff.login"):
        store.audit("staff:7", action, sub.id if action != "staff.login" else None)
    report = store.verify_audit()
    assert (report.rows, report.problems) == (4, [])
    drop_append_only_guard(store)
    with store.engine.begin() as conn:
        conn.execute(sa.update(audit_log).where(audit_log.c.id == 2).values(actor="staff:8"))
    report = store.verify_audit()
    assert report.rows == 4 and any("row 2" in p and "edited" in p for p in report.problems)
    with store.engine.begin() as conn:
        conn.execute(sa.update(audit_log).where(audit_log.c.id == 2).values(actor="staff:7"))
        conn.execute(sa.delete(audit_log).where(audit_log.c.id == 3))
    report = store.verify_audit()
    assert report.rows == 3 and any("row 4" in p for p in report.problems)


def test_audit_detects_newest_rows_removed(store: Store) -> None:
    store.audit("staff:1", "staff.login")
    store.audit("staff:1", "print", uuid.uuid4())
    drop_append_only_guard(store)
    with store.engine.begin() as conn:
        conn.execute(sa.delete(audit_log).where(audit_log.c.id == 2))
    assert any("newest rows removed" in p for p in store.verify_audit().problems)


def test_purge_older_than(store: Store, make_submission: Any) -> None:
    now = dt.datetime.now(UTC)
    old = [make_submission(now=now - dt.timedelta(days=d)) for d in (400, 366)]
    recent = make_submission(now=now - dt.timedelta(days=10))
    store.add_many([*old, recent])
    assert store.purge(365) == 2
    assert store.count() == 1
    store.get(recent.id, actor="t")
    assert store.purge(365) == 0


def test_a_visit_delivered_twice_is_stored_once(store: Store, make_submission: Any) -> None:
    sub = make_submission()
    store.add(sub)
    store.add(sub)  # e.g. a crash after the commit, before the spool file was removed
    store.add_many([sub, make_submission()])
    assert store.count() == 2
    assert store.spool.pending() == []


def test_staff_accounts_table(store: Store) -> None:
    from kiosk.staff.lockout import LockState

    desk = store.staff_add("Dana Desk", "desk", "hash-1")
    store.staff_add("Al Admin", "admin", "hash-2")
    with pytest.raises(StoreError, match="already exists"):
        store.staff_add("Dana Desk", "desk", "hash-3")
    with pytest.raises(StoreError, match="role"):
        store.staff_add("Zed", "janitor", "hash-4")
    member, pin_hash = store.staff_get("Dana Desk") or (None, None)
    assert member is not None and member.id == desk and member.role == "desk" and pin_hash == "hash-1"
    until = dt.datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    store.staff_set_lock(desk, LockState(failed_count=0, lock_count=1, locked_until=until))
    assert store.staff_set_disabled("Al Admin", True) is True
    assert store.staff_set_disabled("Nobody", True) is False
    listed = {m.name: m for m in store.staff_list()}
    assert list(listed) == ["Al Admin", "Dana Desk"]
    assert listed["Al Admin"].disabled and not listed["Dana Desk"].disabled
    assert listed["Dana Desk"].lock == LockState(failed_count=0, lock_count=1, locked_until=until)
    assert store.staff_get("Nobody") is None


def test_reopen_keeps_data_and_key(settings: Settings, make_submission: Any) -> None:
    sub = make_submission()
    with Store.open(settings) as first:
        first.add(sub)
        pepper = first.pepper()
    with Store.open(settings) as second:
        assert second.get(sub.id, actor="t") == sub
        assert second.pepper() == pepper and len(pepper) == 32
    key_file = settings.data_dir / "kiosk.key"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_migrations_head_constant_matches_scripts(store: Store) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kiosk.store.migrate import HEAD_REVISION, MIGRATIONS, current_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
    with store.engine.connect() as conn:
        assert current_revision(conn) == HEAD_REVISION


def test_tampered_payload_is_detected(store: Store, make_submission: Any) -> None:
    a, b = make_submission(name="Ann One"), make_submission(name="Bob Two")
    store.add_many([a, b])
    with store.engine.begin() as conn:
        payload_b = conn.execute(sa.select(submissions.c.payload).where(submissions.c.id == b.id)).scalar()
        conn.execute(sa.update(submissions).where(submissions.c.id == a.id).values(payload=payload_b))
    with pytest.raises(StoreError, match="failed authentication"):
        store.get(a.id, actor="t")


def test_sqlite_pragmas(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000


def test_database_file_is_private(store: Store, settings: Settings, make_submission: Any) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    store.add(make_submission())
    for path in [*settings.data_dir.glob("kiosk.db*"), settings.data_dir / "kiosk.key"]:
        assert path.stat().st_mode & 0o077 == 0, path
    assert Path(settings.data_dir).stat().st_mode & 0o077 == 0


def test_upgrade_from_first_revision_keeps_rows(settings: Settings, make_submission: Any) -> None:
    from kiosk.store.engine import make_engine
    from kiosk.store.keys import KeyStore
    from kiosk.store.migrate import HEAD_REVISION, current_revision

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(settings.db_url))
    sub = make_submission()
    with engine.begin() as conn:
        migrate_to(conn, "0001")
        keys = KeyStore.load(settings, create_key=True)
        insert_old(conn, sub, keys)
    engine.dispose()
    with Store.open(settings) as store:
        with store.engine.connect() as conn:
            assert current_revision(conn) == HEAD_REVISION
        assert store.get(sub.id, actor="t") == sub
