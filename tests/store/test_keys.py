"""Keys: where they come from, rotation that survives interruption, and refusing weak URLs."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import InsecureDatabaseURL, KeyMismatch, KeyStore, KeyStoreError, Store, StoreError, rotate_keys
from kiosk.store.engine import check_url_security, parse_url
from kiosk.store.keys import key_id_of, normalise_name
from kiosk.store.tables import submissions


class Interrupted(Exception):
    """Stands in for a power cut between two committed batches."""


def test_interrupted_rotation_loses_nothing_and_can_be_finished(settings: Settings, make_submission: Any) -> None:
    subs = [make_submission(name=f"Batch Patient {i}") for i in range(12)]
    with Store.open(settings) as store:
        store.add_many(subs)
        first_key = store.keys.current_id

        def stop_after_first_batch(done: int) -> None:
            raise Interrupted

        with pytest.raises(Interrupted):
            rotate_keys(store, batch_size=5, after_batch=stop_after_first_batch)
    with Store.open(settings) as store:  # a fresh process's view: old and new keys both present
        with store.engine.connect() as conn:
            key_ids = list(conn.execute(sa.select(submissions.c.key_id)).scalars())
        assert key_ids.count(first_key) == 7 and len(set(key_ids)) == 2
        assert [store.get(s.id, actor="t") for s in subs] == subs
        assert len(store.find("batch patient 11", subs[11].patient.date_of_birth, actor="t")) == 1
        result = rotate_keys(store, batch_size=5)
        assert result.rows == 12
        with store.engine.connect() as conn:
            assert set(conn.execute(sa.select(submissions.c.key_id)).scalars()) == {result.key_id}
        assert [store.get(s.id, actor="t") for s in subs] == subs


def test_rotation_reencrypts_spooled_visits(settings: Settings, make_submission: Any) -> None:
    waiting = make_submission(name="Spooled Patient")
    with Store.open(settings) as store:
        store.spool.put(waiting)  # as if the database had refused it
        result = rotate_keys(store)
        assert result.spooled == 1
        spooled = store.spool.pending()[0]
        assert json.loads(spooled.read_text())["key_id"] == result.key_id != store.keys.key_ids[-1]
        assert store.spool.load(spooled) == waiting


def test_key_from_environment_and_rotation_to_a_new_one(tmp_path: Path, forms_dir: Path, make_submission: Any) -> None:
    old, new = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))

    def with_key(key: str) -> Settings:
        return Settings(data_dir=tmp_path / "data", forms_dir=forms_dir, db_url=None, pepper=None, key=key)

    sub = make_submission()
    with Store.open(with_key(old)) as store:
        store.add(sub)
        with pytest.raises(StoreError, match="put a new key first"):
            rotate_keys(store)
    assert not (tmp_path / "data" / "kiosk.key").exists()
    old_id, new_id = (key_id_of(base64.b64decode(k)) for k in (old, new))
    with pytest.raises(KeyMismatch, match=f"rows use key {old_id}.*KIOSK_KEY"):
        Store.open(with_key(new))
    with Store.open(with_key(f"{new},{old}")) as store:
        assert rotate_keys(store).rows == 1
    with Store.open(with_key(new)) as store:
        assert store.get(sub.id, actor="t") == sub
        pepper = store.pepper()
    assert (tmp_path / "data" / "pin-pepper").stat().st_mode & 0o777 == 0o600
    with pytest.raises(KeyMismatch, match=f"rows use key {new_id}"):
        Store.open(with_key(old))  # after the rotation the old key alone is refused too
    assert KeyStore.load(with_key(old)).pepper() == pepper  # the pepper does not change with the data key


def test_bad_keys_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError, match="32 bytes"):
        KeyStore.load(Settings(data_dir=tmp_path, key=base64.b64encode(b"short").decode(), pepper=None))
    with pytest.raises(KeyStoreError, match="base64"):
        KeyStore.load(Settings(data_dir=tmp_path, key="not base64!", pepper=None))
    keys = KeyStore.load(Settings(data_dir=tmp_path / "d", key=None, pepper=None), create_key=True)
    key_file = tmp_path / "d" / "kiosk.key"
    assert key_file.stat().st_mode & 0o777 == 0o600 and len(keys.pepper()) == 32
    key_file.chmod(0o644)
    with pytest.raises(KeyStoreError, match="chmod 600"):
        KeyStore.load(Settings(data_dir=tmp_path / "d", key=None, pepper=None))


def test_pepper_setting_wins(tmp_path: Path) -> None:
    pepper = os.urandom(32)
    keys = KeyStore.load(Settings(data_dir=tmp_path, key=None, pepper=base64.b64encode(pepper).decode()),
                         create_key=True)
    assert keys.pepper() == pepper


def test_blind_index_normalises_names_only() -> None:
    assert normalise_name("  José   O'Neil-Smith ") == normalise_name("jose oneil smith") == "jose oneil smith"
    keys = KeyStore({"k1": b"\1" * 32}, "k1", key_file=None, pepper=b"p" * 32)
    born = dt.date(1990, 5, 6)
    assert keys.blind_index("ANN LEE", born) == keys.blind_index("ann  lee", born)
    assert keys.blind_index("Ann Lee", born) != keys.blind_index("Ann Lee", dt.date(1990, 5, 7))
    assert keys.blind_index("Ann Lee", born) != keys.blind_index("Anne Lee", born)
    other = KeyStore({"k2": b"\2" * 32}, "k2", key_file=None, pepper=b"p" * 32)
    assert keys.blind_index("Ann Lee", born) != other.blind_index("Ann Lee", born)


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://kiosk:secret@db.clinic.example/kiosk",
    "postgresql+psycopg://kiosk:secret@db.clinic.example/kiosk?sslmode=require",
    "postgresql+psycopg://kiosk:secret@10.0.0.5:5432/kiosk?sslmode=verify-ca",
    "postgresql+psycopg://kiosk:secret@/kiosk?host=db.clinic.example",
])
def test_remote_postgresql_without_verify_full_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(InsecureDatabaseURL, match="sslmode=verify-full") as refused:
        Store.open(Settings(data_dir=tmp_path, db_url=url, key=None, pepper=None))
    assert "secret" not in str(refused.value)
    check_url_security(parse_url(url), allow_insecure=True)  # the explicit opt-out


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://kiosk:secret@db.clinic.example/kiosk?sslmode=verify-full",
    "postgresql+psycopg://kiosk:secret@127.0.0.1:5432/kiosk",
    "postgresql+psycopg://kiosk:secret@localhost/kiosk",
    "postgresql+psycopg://kiosk@/kiosk?host=/var/run/postgresql",
    "sqlite:////var/lib/kiosk/kiosk.db",
])
def test_local_or_verified_urls_are_accepted(url: str) -> None:
    check_url_security(parse_url(url), allow_insecure=False)


def test_other_databases_and_garbage_urls_are_refused() -> None:
    with pytest.raises(StoreError, match="unsupported"):
        check_url_security(parse_url("mysql://u:p@localhost/db"), allow_insecure=False)
    with pytest.raises(StoreError, match="not a valid database URL"):
        parse_url("::nonsense::")
