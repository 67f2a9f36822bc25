"""Keys cannot silently fork: a wrong KIOSK_KEY, a lost key file or a wrong pepper is refused.

Regression tests for issue 13: before it, a wrong key or a deleted key file made
``kiosk submit`` store visits under a key the clinic did not have, and correct staff
PINs were refused and counted as failures.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffService
from kiosk.store import KeyMismatch, Store, rotate_keys
from kiosk.store.keys import key_id_of
from kiosk.store.tables import staff_accounts, submissions
from tests.store.conftest import visit
from tests.store.test_cli import kiosk


def _key() -> tuple[str, str]:
    raw = os.urandom(32)
    return base64.b64encode(raw).decode(), key_id_of(raw)


def _submit(env: dict[str, str], name: str) -> Any:
    return kiosk(env, "submit", "--visit", "-", stdin=json.dumps(visit(name=name)))


def _refused(done: Any, *expected: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    for text in expected:
        assert text in done.stderr, (text, done.stderr)


def test_wrong_kiosk_key_refuses_submit_and_stores_nothing(cli_env: dict[str, str], settings: Settings) -> None:
    (right, right_id), (wrong, wrong_id) = _key(), _key()
    assert _submit(cli_env | {"KIOSK_KEY": right}, "Ana Right").returncode == 0
    refused = _submit(cli_env | {"KIOSK_KEY": wrong}, "Bo Wrong")
    _refused(refused, right_id, wrong_id, "KIOSK_KEY", "Nothing was written")
    assert "Bo Wrong" not in refused.stderr
    queue = kiosk(cli_env | {"KIOSK_KEY": wrong}, "queue")
    _refused(queue, right_id)
    doctor = json.loads(kiosk(cli_env | {"KIOSK_KEY": wrong}, "doctor", "--json").stdout)
    keys_check = {c["name"]: c for c in doctor["checks"]}["keys"]
    assert keys_check["status"] == "fail" and right_id in keys_check["detail"]
    with Store.open(settings.model_copy(update={"key": right})) as store:
        assert store.count() == 1
        assert [e.patient.legal_name for e in store.queue()] == ["Ana Right"]
        assert store.spool.pending() == []


def test_deleted_key_file_refuses_submit_and_sign_in(cli_env: dict[str, str], settings: Settings) -> None:
    assert _submit(cli_env, "Ana Before").returncode == 0
    added = kiosk(cli_env, "staff", "add", "Dana Desk", stdin="482913\n")
    assert added.returncode == 0, added.stderr
    key_file = settings.data_dir / "kiosk.key"
    backup = settings.data_dir.parent / "kiosk.key.backup"
    shutil.copy2(key_file, backup)
    with Store.open(settings) as store:
        expected = store.keys.current_id
    key_file.unlink()

    _refused(_submit(cli_env, "Bo After"), expected, str(key_file), "not empty")
    _refused(kiosk(cli_env, "staff", "list"), expected, str(key_file))
    with pytest.raises(KeyMismatch, match=expected):
        Store.open(settings)
    assert not key_file.exists(), "a new key must not be made for a store that has rows"

    shutil.copy2(backup, key_file)
    with Store.open(settings) as store:
        assert store.count() == 1
        staff = StaffService(store, PinHasher(store.pepper()))
        assert staff.sign_in("Dana Desk", "482913").name == "Dana Desk"
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(staff_accounts.c.failed_count)).scalar() == 0


def test_stale_key_file_after_a_rotation_is_refused(settings: Settings, make_submission: Any) -> None:
    key_file = settings.data_dir / "kiosk.key"
    with Store.open(settings) as store:
        store.add(make_submission(name="Ana Before"))
        stale = key_file.read_bytes()
        new_key = rotate_keys(store).key_id
    key_file.write_bytes(stale)  # an old backup put back: it lacks the key the rows now use
    with pytest.raises(KeyMismatch, match=f"{new_key}.*{key_file}"):
        Store.open(settings)


def test_a_running_process_follows_or_refuses_a_rotation_made_elsewhere(
    tmp_path: Path, db_url: str, forms_dir: Path, make_submission: Any
) -> None:
    (old, _), (new, new_id) = _key(), _key()

    def with_key(key: str) -> Settings:
        return Settings(data_dir=tmp_path / "data", db_url=db_url, forms_dir=forms_dir, key=key, pepper=None)

    with Store.open(with_key(old)) as running:
        running.add(make_submission(name="Ana Before"))
        with Store.open(with_key(f"{new},{old}")) as admin:
            rotate_keys(admin)
        with pytest.raises(KeyMismatch, match=new_id):
            running.add(make_submission(name="Bo After"))  # it would have written under the old key
        with pytest.raises(KeyMismatch, match=new_id):
            running.audit("staff:1", "print")
    with Store.open(with_key(new)) as store, store.engine.connect() as conn:
        assert set(conn.execute(sa.select(submissions.c.key_id)).scalars()) == {new_id}
        assert store.count() == 1


def test_new_key_only_for_an_empty_store(settings: Settings, cli_env: dict[str, str]) -> None:
    key_file = settings.data_dir / "kiosk.key"
    assert not key_file.exists()
    listed = kiosk(cli_env, "key", "list")  # the first process on a new database makes and records a key
    assert listed.returncode == 0, listed.stderr
    assert key_file.stat().st_mode & 0o777 == 0o600
    with Store.open(settings) as store:
        assert f"{store.keys.current_id}  current  0 visit(s)  (in this key store)" in listed.stdout
    key_file.unlink()
    _refused(kiosk(cli_env, "key", "list"), "is missing")  # from then on the recorded key is required
    assert not key_file.exists()


def test_wrong_pepper_refuses_sign_in_without_counting_failures(
    settings: Settings, cli_env: dict[str, str]
) -> None:
    right, wrong = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))
    with Store.open(settings.model_copy(update={"pepper": right})) as store:
        StaffService(store, PinHasher(store.pepper())).add("Dana Desk", "482913")
        expected = store.keys.pepper_id
    assert expected is not None
    with Store.open(settings.model_copy(update={"pepper": wrong})) as store:
        with pytest.raises(KeyMismatch, match=f"pepper {expected}.*KIOSK_PEPPER"):
            StaffService(store, PinHasher(store.pepper()))
    _refused(kiosk(cli_env | {"KIOSK_PEPPER": wrong}, "staff", "add", "Eve", stdin="123456\n"), expected)
    # The key file's own pepper is not the one the PINs were made with either.
    _refused(kiosk(cli_env, "staff", "list"), expected, "KIOSK_PEPPER")
    assert _submit(cli_env, "Ana Visit").returncode == 0  # visits need the data key only
    with Store.open(settings.model_copy(update={"pepper": right})) as store:
        staff = StaffService(store, PinHasher(store.pepper()))
        assert staff.sign_in("Dana Desk", "482913").name == "Dana Desk"
        assert [m.lock.failed_count for m in staff.members()] == [0]


def test_missing_pepper_file_with_kiosk_key_refuses_sign_in(tmp_path: Path, db_url: str, forms_dir: Path) -> None:
    key, _ = _key()
    settings = Settings(data_dir=tmp_path / "data", db_url=db_url, forms_dir=forms_dir, key=key, pepper=None)
    with Store.open(settings) as store:
        StaffService(store, PinHasher(store.pepper())).add("Dana Desk", "482913")
        expected = store.keys.pepper_id
    pepper_file = settings.data_dir / "pin-pepper"
    pepper_file.unlink()
    with Store.open(settings) as store:
        with pytest.raises(KeyMismatch, match=f"pepper {expected}.*{pepper_file}"):
            store.pepper()
    assert not pepper_file.exists()


def test_wrong_kiosk_key_with_the_database_down_is_not_spooled(cli_env: dict[str, str], settings: Settings) -> None:
    if str(settings.db_url).startswith("postgresql"):
        pytest.skip("the database is replaced by an unreachable one; the SQLite run covers it")
    (right, right_id), (wrong, _) = _key(), _key()
    assert _submit(cli_env | {"KIOSK_KEY": right}, "Ana Right").returncode == 0
    down = cli_env | {"KIOSK_DB_URL": "postgresql+psycopg://kiosk@127.0.0.1:1/kiosk"}  # nothing listens there
    _refused(_submit(down | {"KIOSK_KEY": wrong}, "Bo Wrong"), right_id, "NOT saved")
    spool = settings.data_dir / "spool"
    assert not list(spool.glob("*.spool"))
    spooled = _submit(down | {"KIOSK_KEY": right}, "Cy Right")
    assert spooled.returncode == 3, spooled.stderr  # the right key still spools as before
    assert len(list(spool.glob("*.spool"))) == 1
