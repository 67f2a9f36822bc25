"""One damaged ciphertext costs that one visit, named by id, and nothing else.

Regression tests for issue 13: before it, one flipped byte failed the whole ``kiosk
queue`` without naming the row, and ``kiosk key rotate`` could never finish.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import Store, UnreadableVisit
from kiosk.store.tables import audit_log, submissions
from tests.store.conftest import visit
from tests.store.test_cli import kiosk


def _flip_a_byte(store: Store, submission_id: uuid.UUID) -> None:
    with store.engine.begin() as conn:
        payload = conn.execute(sa.select(submissions.c.payload).where(submissions.c.id == submission_id)).scalar_one()
        damaged = payload[:20] + bytes([payload[20] ^ 0x01]) + payload[21:]
        conn.execute(sa.update(submissions).where(submissions.c.id == submission_id).values(payload=damaged))


def _unreadable_entries(store: Store) -> list[tuple[uuid.UUID, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(audit_log.c.submission_id, audit_log.c.detail)
                            .where(audit_log.c.action == "visit.unreadable")).all()
    return [(r.submission_id, r.detail) for r in rows]


def test_flipped_byte_queue_rotate_verify_and_retire(cli_env: dict[str, str], settings: Settings) -> None:
    ids = []
    for name, q9 in (("Ana Uno", 0), ("Bo Dos", 2), ("Cy Tres", 0)):
        done = kiosk(cli_env, "submit", "--visit", "-", stdin=json.dumps(visit(name=name, q9=q9, total=q9 + 3)))
        assert done.returncode == 0, done.stderr
        ids.append(uuid.UUID(done.stdout.strip()))
    bad = ids[1]
    with Store.open(settings) as store:
        old_key = store.keys.current_id
        _flip_a_byte(store, bad)

    table = kiosk(cli_env, "queue")
    assert table.returncode == 0, table.stderr
    assert "Ana Uno" in table.stdout and "Cy Tres" in table.stdout and "Bo Dos" not in table.stdout
    flagged = [line for line in table.stdout.splitlines() if line.startswith("UNREADABLE")]
    assert len(flagged) == 1 and str(bad) in flagged[0] and "CRITICAL" in flagged[0]
    as_json = kiosk(cli_env, "queue", "--json")
    assert as_json.returncode == 0
    assert [e["id"] for e in json.loads(as_json.stdout)] == [str(ids[0]), str(ids[2])]
    assert str(bad) in as_json.stderr and "UNREADABLE" in as_json.stderr
    with Store.open(settings) as store:
        assert _unreadable_entries(store) == [(bad, f"key:{old_key}")]  # once, however often it is listed

    refused = kiosk(cli_env, "key", "retire", old_key)
    assert refused.returncode == 1 and "current key" in refused.stderr

    rotated = kiosk(cli_env, "key", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    assert "re-encrypted 2 submission(s)" in rotated.stdout
    assert f"skipped unreadable visit {bad}" in rotated.stdout
    again = kiosk(cli_env, "key", "rotate")  # finishes again rather than looping on the bad row
    assert again.returncode == 0 and f"skipped unreadable visit {bad}" in again.stdout

    verified = kiosk(cli_env, "audit", "verify")
    assert verified.returncode == 1
    assert f"unreadable visit {bad} (key {old_key}" in verified.stdout
    assert "audit log intact; 1 unreadable visit(s)" in verified.stderr

    doctor = json.loads(kiosk(cli_env, "doctor", "--json").stdout)
    found = {c["name"]: c for c in doctor["checks"]}["visits"]
    assert found["status"] == "fail" and str(bad) in found["detail"] and "Bo" not in found["detail"]

    still_used = kiosk(cli_env, "key", "retire", old_key)
    assert still_used.returncode == 1 and "still encrypts 1 visit(s)" in still_used.stderr
    with Store.open(settings) as store:
        with store.engine.begin() as conn:  # the clinic gives up on the damaged visit
            conn.execute(sa.delete(submissions).where(submissions.c.id == bad))
    retired = kiosk(cli_env, "key", "retire", old_key)
    assert retired.returncode == 0, retired.stderr
    assert f"retired key {old_key}: removed from the key file" in retired.stdout
    listed = kiosk(cli_env, "key", "list")
    assert f"{old_key}  retired" in listed.stdout
    assert kiosk(cli_env, "audit", "verify").returncode == 0
    assert kiosk(cli_env, "key", "retire", "k0000000000000000").returncode == 1


def test_get_and_find_name_or_skip_the_damaged_row(store: Store, make_submission: Any) -> None:
    good, bad = make_submission(name="Ana Same"), make_submission(name="Ana Same")
    store.add_many([good, bad])
    _flip_a_byte(store, bad.id)
    assert [s.id for s in store.find("ana same", good.patient.date_of_birth, actor="staff:1")] == [good.id]
    with pytest.raises(UnreadableVisit, match=f"visit {bad.id} cannot be decrypted") as refused:
        store.get(bad.id, actor="staff:1")
    assert "Ana" not in str(refused.value)
    assert [i for i, _ in _unreadable_entries(store)] == [bad.id]
    assert [r.id for r in store.unreadable_visits()] == [bad.id]
