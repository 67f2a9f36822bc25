"""``kiosk submit``, ``queue``, ``purge``, ``audit verify`` and ``key rotate`` as real processes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import audit_log, submissions
from tests.store.conftest import drop_append_only_guard, visit

UTC = dt.timezone.utc


def kiosk(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_submit_then_queue_json(cli_env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "visit.json"
    file.write_text(json.dumps(visit(name="Mia Calm", total=3)), encoding="utf-8")
    calm = kiosk(cli_env, "submit", "--visit", str(file))
    assert calm.returncode == 0, calm.stderr
    urgent = kiosk(cli_env, "submit", "--visit", "-", stdin=json.dumps(visit(name="Uri Urgent", total=16, q9=3)))
    assert urgent.returncode == 0, urgent.stderr
    calm_id, urgent_id = uuid.UUID(calm.stdout.strip()), uuid.UUID(urgent.stdout.strip())

    listed = kiosk(cli_env, "queue", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert [e["id"] for e in entries] == [str(urgent_id), str(calm_id)]
    first = entries[0]
    assert set(first) == {"id", "created_at", "reviewed", "printed", "exported", "severity", "patient", "scores"}
    assert first["reviewed"] is first["printed"] is first["exported"] is None and first["severity"] == "critical"
    assert first["patient"] == {"legal_name": "Uri Urgent", "date_of_birth": "1971-03-09"}
    assert first["scores"] == {"phq9": {"total": {"value": 16, "band": "moderately_severe"}}}
    assert dt.datetime.fromisoformat(first["created_at"]).tzinfo is not None
    assert entries[1]["severity"] is None

    table = kiosk(cli_env, "queue")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["Attention", "Time", "Patient", "Born"]
    assert "CRITICAL" in lines[2] and "Uri Urgent" in lines[2] and "phq9 16 (moderately_severe)" in lines[2]
    assert "Mia Calm" in lines[3]

    assert json.loads(kiosk(cli_env, "queue", "--json", "--status", "reviewed").stdout) == []
    other_day = kiosk(cli_env, "queue", "--date", "2001-01-01")
    assert other_day.returncode == 0 and "No submissions on 2001-01-01" in other_day.stdout
    bad = kiosk(cli_env, "queue", "--date", "2001-02-30")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_invalid_visits_exit_2_naming_the_field_and_store_nothing(cli_env: dict[str, str], settings: Settings) -> None:
    if str(settings.db_url).startswith("postgresql"):
        pytest.skip("validation happens before any database is opened; the SQLite run covers it")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    cases: list[tuple[dict[str, Any], str]] = [
        (visit() | {"responses": {"gad99": {"q1": 0}}}, "responses.gad99"),
        (visit() | {"responses": {"phq9": {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0, "q7": 0,
                                           "q8": 0, "q9": 0, "q10": 1}}}, "q10"),
        (visit() | {"responses": {"phq9": {f"q{i}": 7 for i in range(1, 10)}}}, "phq9.q1"),
        (visit(born=tomorrow), "patient.date_of_birth"),
        (visit(born="1980-02-30"), "patient.date_of_birth"),
        (visit(name="   "), "patient.legal_name"),
        (visit() | {"responses": {"phq9": {"q1": 0}}}, "phq9.q2"),
    ]
    for bad_visit, field in cases:
        done = kiosk(cli_env, "submit", "--visit", "-", stdin=json.dumps(bad_visit))
        assert done.returncode == 2, (field, done.stderr)
        assert field in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == ""
    not_json = kiosk(cli_env, "submit", "--visit", "-", stdin="{oops")
    assert not_json.returncode == 2 and "not valid JSON" in not_json.stderr
    with Store.open(settings) as store:
        assert store.count() == 0


def test_purge_reports_how_many(cli_env: dict[str, str], settings: Settings, make_submission: Any) -> None:
    now = dt.datetime.now(UTC)
    with Store.open(settings) as store:
        store.add_many([make_submission(now=now - dt.timedelta(days=d)) for d in (100, 95, 3)])
    done = kiosk(cli_env, "purge", "--older-than", "90")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "purged 2 submission(s) older than 90 day(s)"
    assert kiosk(cli_env, "purge", "--older-than", "-1").returncode == 2
    with Store.open(settings) as store:
        assert store.count() == 1


def test_audit_verify_detects_tampering(cli_env: dict[str, str], settings: Settings, make_submission: Any) -> None:
    sub = make_submission()
    with Store.open(settings) as store:
        store.add(sub)
        store.get(sub.id, actor="staff:1")
        store.audit("staff:1", "export", sub.id, "fhir")
        store.audit("staff:1", "print", sub.id)
    ok = kiosk(cli_env, "audit", "verify")
    assert ok.returncode == 0 and ok.stdout.splitlines()[-1] == "audit log intact: 3 row(s)", ok.stderr
    with Store.open(settings) as store:
        drop_append_only_guard(store)
        with store.engine.begin() as conn:
            conn.execute(sa.delete(audit_log).where(audit_log.c.action == "export"))
    broken = kiosk(cli_env, "audit", "verify")
    assert broken.returncode == 1
    assert "row 3" in broken.stdout and "audit log damaged" in broken.stderr


def test_key_rotate_reencrypts_every_row(cli_env: dict[str, str], settings: Settings, make_submission: Any) -> None:
    subs = [make_submission(name=f"Rota Patient {i}") for i in range(7)]
    with Store.open(settings) as store:
        store.add_many(subs)
        old_key = store.keys.current_id
        pepper = store.pepper()
    done = kiosk(cli_env, "key", "rotate")
    assert done.returncode == 0, done.stderr
    assert "re-encrypted 7 submission(s)" in done.stdout
    with Store.open(settings) as store:
        new_key = store.keys.current_id
        assert new_key != old_key and new_key in done.stdout
        with store.engine.connect() as conn:
            assert set(conn.execute(sa.select(submissions.c.key_id)).scalars()) == {new_key}
        assert [store.get(s.id, actor="t") for s in subs] == subs
        assert [s.id for s in store.find("rota patient 3", subs[3].patient.date_of_birth, actor="t")] == [subs[3].id]
        assert store.pepper() == pepper
    assert (settings.data_dir / "kiosk.key").stat().st_mode & 0o777 == 0o600
