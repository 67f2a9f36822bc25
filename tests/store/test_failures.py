"""A full disk and a read-only database: a clear error, old data intact, the visit spooled.

Both are made real, as root can: a tiny tmpfs mounted for the test fills up for real
(ENOSPC), and ``chattr +i`` makes the database file immutable, which even root cannot
write. Where the machine does not allow either, the test skips and says why.
PostgreSQL is made read-only by the server itself (default_transaction_read_only).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import Store, StoreUnavailable
from tests.store.conftest import visit

TMPFS_BYTES = 2 * 1024 * 1024


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs: a disk that really fills up."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES},mode=0700", "tmpfs",
                           str(mount_point)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(directory: Path, name: str) -> Path:
    """Write zeros until the disk says it is full."""
    filler = directory / name
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 16384)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    with open(filler, "ab", buffering=0) as handle:  # and the last few bytes
        try:
            while True:
                handle.write(b"\0" * 512)
        except OSError:
            pass
    return filler


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir), KIOSK_FORMS_DIR=str(settings.forms_dir), KIOSK_ID="lobby-1")
    if settings.db_url:
        env["KIOSK_DB_URL"] = settings.db_url
    return env


def _submit(settings: Settings, tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    visit_file = tmp_path / f"{name}.json"
    visit_file.write_text(json.dumps(visit(name=name)), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "kiosk", "submit", "--visit", str(visit_file)],
                          env=_env(settings), capture_output=True, text=True, timeout=60)


def test_full_disk_spools_and_stores_on_next_start(tiny_disk: Path, tmp_path: Path, forms_dir: Path,
                                                    make_submission: Any) -> None:
    settings = Settings(data_dir=tiny_disk / "data", db_url=None, forms_dir=forms_dir, key=None, pepper=None)
    earlier = [make_submission(name=f"Earlier Patient {i}") for i in range(3)]
    store = Store.open(settings)
    store.add_many(earlier)
    assert store.spool.reserve_left() == 4

    filler = _fill(tiny_disk, "filler")
    late = make_submission(name="Late Patient")
    with pytest.raises(StoreUnavailable, match="full") as failure:
        store.add(late)
    assert failure.value.spooled
    assert store.spool.reserve_left() == 3
    assert "spool" in str(failure.value) and "Late Patient" not in str(failure.value)
    assert [p.name for p in store.spool.pending()] == [f"{late.id}.spool"]
    assert b"Late Patient" not in store.spool.pending()[0].read_bytes()
    assert [e.id for e in store.queue(late.created_at.astimezone().date())] == [s.id for s in earlier]
    store.close()

    filler_2 = _fill(tiny_disk, "filler-2")  # the spool used the reserve; fill what that freed
    cli = _submit(settings, tmp_path, "Paper Form Patient")
    assert cli.returncode == 3, cli.stderr
    assert "full" in cli.stderr and "spool" in cli.stderr and "Traceback" not in cli.stderr
    cli_id = cli.stdout.strip()

    filler.unlink()
    filler_2.unlink()
    with Store.open(settings) as reopened:  # the next start
        assert reopened.spool.pending() == []
        assert reopened.get(late.id, actor="t") == late
        assert reopened.get(uuid.UUID(cli_id), actor="t").patient.legal_name == "Paper Form Patient"
        for s in earlier:
            assert reopened.get(s.id, actor="t") == s
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_read_only_database_file_spools_and_stores_on_next_start(tmp_path: Path, forms_dir: Path,
                                                                  make_submission: Any) -> None:
    settings = Settings(data_dir=tmp_path / "data", db_url=None, forms_dir=forms_dir, key=None, pepper=None)
    earlier = make_submission(name="Earlier Patient")
    with Store.open(settings) as store:
        store.add(earlier)
    db_file = settings.data_dir / "kiosk.db"
    done = subprocess.run(["chattr", "+i", str(db_file)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make the database immutable here (chattr +i): {done.stderr.strip()}")
    try:
        cli = _submit(settings, tmp_path, "Read Only Patient")
        assert cli.returncode == 3, cli.stderr
        assert "spool" in cli.stderr and "Traceback" not in cli.stderr
        assert "Read Only Patient" not in cli.stderr
        spooled = list((settings.data_dir / "spool").glob("*.spool"))
        assert [p.stem for p in spooled] == [cli.stdout.strip()]
    finally:
        subprocess.run(["chattr", "-i", str(db_file)], check=True)
    with Store.open(settings) as reopened:
        assert reopened.get(earlier.id, actor="t") == earlier
        assert reopened.get(uuid.UUID(cli.stdout.strip()), actor="t").patient.legal_name == (
            "Read Only Patient")
        assert reopened.spool.pending() == []


def test_read_only_postgresql_spools_and_stores_on_next_start(settings: Settings, make_submission: Any) -> None:
    if not str(settings.db_url).startswith("postgresql"):
        pytest.skip("PostgreSQL only (SQLite has its own read-only test)")
    earlier = make_submission(name="Earlier Patient")
    with Store.open(settings) as store:
        store.add(earlier)
    read_only_url = str(settings.db_url).replace("options=", "options=-cdefault_transaction_read_only%3Don%20")
    read_only = settings.model_copy(update={"db_url": read_only_url})
    late = make_submission(name="Late Patient")
    with Store.open(read_only) as store:
        with pytest.raises(StoreUnavailable, match="read-only") as failure:
            store.add(late)
        assert failure.value.spooled
        assert store.queue(earlier.created_at.astimezone().date())[0].id == earlier.id
    with Store.open(settings) as reopened:
        assert reopened.get(late.id, actor="t") == late
        assert reopened.count() == 2
        assert reopened.spool.pending() == []
        with reopened.engine.connect() as conn:
            assert conn.execute(sa.text("SHOW default_transaction_read_only")).scalar() == "off"
