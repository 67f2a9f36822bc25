"""The audit log cannot be rewritten unseen: keyed chain, anchors outside the database.

Regression tests for issue 13: before it, the chain had no secret, so recomputing it, or
cutting off the newest rows and fixing the head row, left ``kiosk audit verify`` saying
"intact".
"""

from __future__ import annotations

import datetime as dt
import json
import stat
import uuid
from typing import Any

import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import Anchor, Store, retire_key, rotate_keys
from kiosk.store.audit import chain_hash
from kiosk.store.tables import GENESIS_HASH, audit_head, audit_log
from tests.store.conftest import drop_append_only_guard
from tests.store.test_cli import kiosk


def _five_entries(store: Store) -> None:
    for action in ("staff.login", "read", "export", "print", "staff.logout"):
        store.audit("staff:7", action, uuid.uuid4() if action in ("read", "export", "print") else None)


def _recompute_plain_chain(store: Store, *, drop_keys: bool) -> None:
    """What someone with database access but no key can do: redo every hash the old way."""
    with store.engine.begin() as conn:
        rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).all()
        prev = GENESIS_HASH
        for row in rows:
            digest = chain_hash(row.id, row.at, row.actor, row.action, row.submission_id, row.detail, prev)
            values: dict[str, Any] = {"prev_hash": prev, "hash": digest}
            if drop_keys:
                values["key_id"] = None
            conn.execute(sa.update(audit_log).where(audit_log.c.id == row.id).values(**values))
            prev = digest
        conn.execute(sa.update(audit_head).values(last_id=rows[-1].id, last_hash=prev))


def test_recomputed_unkeyed_chain_is_detected(store: Store) -> None:
    _five_entries(store)
    assert store.verify_audit().intact
    drop_append_only_guard(store)
    with store.engine.begin() as conn:
        conn.execute(sa.update(audit_log).where(audit_log.c.id == 2).values(actor="staff:8"))
    _recompute_plain_chain(store, drop_keys=False)
    report = store.verify_audit()
    assert report.problems[0] == "row 1: content does not match its MAC (edited or forged)"


def test_chain_downgraded_to_plain_hashes_is_caught_by_the_anchor(store: Store) -> None:
    _five_entries(store)
    drop_append_only_guard(store)
    _recompute_plain_chain(store, drop_keys=True)  # now it looks like a log from before 0003
    report = store.verify_audit()
    assert report.anchor is not None and report.anchor.id == 5
    assert report.problems == ["row 5: differs from the anchor taken at "
                               f"{report.anchor.at.isoformat()} (rewritten)"]


def test_tail_deleted_and_head_fixed_is_detected(store: Store) -> None:
    _five_entries(store)
    drop_append_only_guard(store)
    with store.engine.begin() as conn:
        last_kept = conn.execute(sa.select(audit_log.c.hash).where(audit_log.c.id == 3)).scalar_one()
        conn.execute(sa.delete(audit_log).where(audit_log.c.id > 3))
        conn.execute(sa.update(audit_head).values(last_id=3, last_hash=last_kept))
    report = store.verify_audit()
    assert report.rows == 3 and len(report.problems) == 1
    assert report.problems[0].startswith("row 4: missing; the anchor taken at ")
    assert "names row 5, but the log ends at row 3" in report.problems[0]


def test_anchor_file_is_private_appended_and_exported(cli_env: dict[str, str], settings: Settings) -> None:
    anchors = settings.data_dir / "audit-anchors"
    with Store.open(settings) as store:
        store.audit("staff:1", "staff.login")
        first = anchors.read_text()
        store.audit("staff:1", "print", uuid.uuid4())
    assert stat.S_IMODE(anchors.stat().st_mode) == 0o600
    lines = anchors.read_text().splitlines()
    assert anchors.read_text().startswith(first) and [Anchor.parse(line).id for line in lines] == [1, 2]

    exported = kiosk(cli_env, "audit", "export-anchor")
    assert exported.returncode == 0, exported.stderr
    anchor = Anchor.parse(exported.stdout)
    assert (anchor.id, anchor.mac) == (Anchor.parse(lines[-1]).id, Anchor.parse(lines[-1]).mac)

    with Store.open(settings) as store:  # the attacker also wipes the local anchor file
        drop_append_only_guard(store)
        with store.engine.begin() as conn:
            conn.execute(sa.delete(audit_log).where(audit_log.c.id == 2))
            conn.execute(sa.update(audit_head).values(
                last_id=1, last_hash=sa.select(audit_log.c.hash).where(audit_log.c.id == 1).scalar_subquery()))
    anchors.unlink()
    local = kiosk(cli_env, "audit", "verify")
    assert local.returncode == 0 and "no anchor to check against" in local.stdout
    off_site = kiosk(cli_env, "audit", "verify", "--anchor", exported.stdout.strip())
    assert off_site.returncode == 1 and "audit log damaged" in off_site.stderr
    assert "first problem at: row 2: missing" in off_site.stdout
    bad = kiosk(cli_env, "audit", "verify", "--anchor", "nonsense")
    assert bad.returncode == 2 and "ID KEY_ID MAC TIME" in bad.stderr


def test_rotation_and_retirement_keep_old_entries_verifiable(settings: Settings, make_submission: Any) -> None:
    with Store.open(settings) as store:
        store.add(make_submission())
        store.audit("staff:1", "print")
        old = store.keys.current_id
        new = rotate_keys(store).key_id
        store.audit("staff:1", "export")
        with store.engine.connect() as conn:
            used = list(conn.execute(sa.select(audit_log.c.key_id).order_by(audit_log.c.id)).scalars())
        assert used == [old, new, new]  # print, key.rotate, export
        retire_key(store, old)
        assert store.verify_audit().intact
    assert old not in json.loads((settings.data_dir / "kiosk.key").read_text())["keys"]
    with Store.open(settings) as store:  # a fresh process: the old key is gone from the key file
        assert old not in store.keys.key_ids
        report = store.verify_audit()
        assert report.intact and report.rows == 4, report.problems
        drop_append_only_guard(store)
        with store.engine.begin() as conn:
            conn.execute(sa.update(audit_log).where(audit_log.c.id == 1).values(actor="staff:2"))
        assert store.verify_audit().problems[0] == "row 1: content does not match its MAC (edited or forged)"


def test_rows_from_before_the_keyed_chain(settings: Settings, cli_env: dict[str, str]) -> None:
    from alembic import command
    from alembic.config import Config

    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import MIGRATIONS

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(settings.db_url))
    with engine.begin() as conn:  # a database as revision 0002 left it, with two plain-hash rows
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        prev = GENESIS_HASH
        for row_id, action in ((1, "staff.login"), (2, "print")):
            when = dt.datetime.now(dt.timezone.utc)
            digest = chain_hash(row_id, when, "staff:1", action, None, "", prev)
            conn.execute(sa.insert(audit_log).values(
                id=row_id, at=when, actor="staff:1", action=action, submission_id=None, detail="",
                prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(sa.update(audit_head).values(last_id=2, last_hash=prev))
    engine.dispose()
    with Store.open(settings) as store:
        store.audit("staff:1", "export")
        report = store.verify_audit()
        assert report.intact and report.unkeyed_until == 2, report.problems
    done = kiosk(cli_env, "audit", "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the keyed chain starts at row 3" in done.stdout
    with Store.open(settings) as store:
        drop_append_only_guard(store)
        with store.engine.begin() as conn:
            conn.execute(sa.update(audit_log).where(audit_log.c.id == 1).values(actor="staff:9"))
        assert store.verify_audit().problems[0] == "row 1: content does not match its hash (edited)"
