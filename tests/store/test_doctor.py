"""``kiosk doctor``: each check fails (or warns) on purpose, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from kiosk.report.print_queue import PrintQueue
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffService
from kiosk.store import Store, spool_visit
from tests.store.test_failures import tiny_disk  # noqa: F401 - a real tmpfs that fills up


def doctor(env: dict[str, str], **extra: str) -> tuple[int, dict[str, dict[str, str]], str]:
    result = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--json"], env={**env, **extra},
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    return result.returncode, {c["name"]: c for c in report["checks"]}, report["status"]


def test_a_healthy_kiosk_passes(store: Store, cli_env: dict[str, str]) -> None:
    StaffService(store, PinHasher(store.pepper())).add("Ana Díaz", "482913", role="admin")
    code, checks, _ = doctor(cli_env, QT_QPA_PLATFORM="offscreen")
    assert code == 0
    for name in ("display", "fonts", "forms", "database", "keys", "visits", "disk", "spool", "print queue", "clock",
                 "staff"):
        assert checks[name]["status"] == "ok", checks[name]
    assert checks["printer"]["status"] == "warn" and "KIOSK_PRINTER" in checks["printer"]["fix"]


def test_a_fresh_machine_warns_and_creates_nothing(tmp_path: Path, forms_dir: Path) -> None:
    data = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    code, checks, status = doctor(env, KIOSK_DATA_DIR=str(data), KIOSK_FORMS_DIR=str(forms_dir))
    assert code == 0 and status == "warn"
    assert checks["database"]["status"] == checks["keys"]["status"] == checks["staff"]["status"] == "warn"
    assert not data.exists()  # the doctor only looks


def test_invalid_forms_fail(store: Store, cli_env: dict[str, str], forms_copy: Path) -> None:
    (forms_copy / "phq9.yaml").write_text("id: phq9\nitems: [\n", encoding="utf-8")
    code, checks, status = doctor(cli_env, KIOSK_FORMS_DIR=str(forms_copy))
    assert code == 1 and status == "fail"
    assert checks["forms"]["status"] == "fail" and "kiosk forms validate" in checks["forms"]["fix"]


def test_an_unreachable_database_fails(cli_env: dict[str, str]) -> None:
    code, checks, _ = doctor(cli_env, KIOSK_DB_URL="postgresql+psycopg://kiosk:kiosk@127.0.0.1:1/kiosk")
    assert code == 1 and checks["database"]["status"] == "fail"
    assert "not reachable" in checks["database"]["detail"] and "kiosk:kiosk" not in json.dumps(checks)


def test_a_key_file_others_can_read_fails(store: Store, settings: Settings, cli_env: dict[str, str]) -> None:
    key_file = settings.data_dir / "kiosk.key"
    key_file.chmod(0o644)
    code, checks, _ = doctor(cli_env)
    assert code == 1 and checks["keys"]["status"] == "fail" and f"chmod 600 {key_file}" in checks["keys"]["fix"]


def test_waiting_spool_and_print_jobs_warn(store: Store, settings: Settings, cli_env: dict[str, str],
                                           make_submission: Any) -> None:
    spool_visit(settings, make_submission())
    PrintQueue.for_data_dir(settings.data_dir).add(uuid.uuid4(), "PDF")
    code, checks, _ = doctor(cli_env)
    assert checks["spool"]["status"] == "warn" and checks["spool"]["detail"].startswith("1 visit")
    assert checks["print queue"]["status"] == "warn" and "kiosk print --retry" in checks["print queue"]["fix"]


def test_an_unknown_printer_fails(store: Store, cli_env: dict[str, str]) -> None:
    code, checks, _ = doctor(cli_env, KIOSK_PRINTER="no-such-queue")
    assert code == 1 and checks["printer"]["status"] == "fail"


def test_a_clock_behind_the_newest_visit_fails(store: Store, cli_env: dict[str, str], make_submission: Any) -> None:
    store.add(make_submission(now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)))
    code, checks, _ = doctor(cli_env)
    assert code == 1 and checks["clock"]["status"] == "fail" and "timedatectl" in checks["clock"]["fix"]


def test_no_staff_account_warns(store: Store, cli_env: dict[str, str]) -> None:
    _code, checks, _ = doctor(cli_env)
    assert checks["staff"]["status"] == "warn" and "kiosk staff add" in checks["staff"]["fix"]


def test_a_nearly_full_disk_fails(tiny_disk: Path, forms_dir: Path) -> None:  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    code, checks, _ = doctor(env, KIOSK_DATA_DIR=str(tiny_disk / "data"), KIOSK_FORMS_DIR=str(forms_dir))
    assert code == 1 and checks["disk"]["status"] == "fail"


def test_plain_output_is_one_line_per_check(store: Store, cli_env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "doctor"], env=cli_env, capture_output=True,
                            text=True, timeout=120)
    lines = result.stdout.splitlines()
    from kiosk.ops.checks import ALL_CHECKS  # the audio check for read-aloud made it 13

    assert len(lines) == len(ALL_CHECKS) and all(line.split()[0] in ("ok", "warn", "fail") for line in lines)


def test_a_licensed_clinic_s_protocol_passes_and_an_unlicensed_one_fails(
    store: Store, cli_env: dict[str, str], forms_copy: Path
) -> None:
    """The doctor loads the forms with the clinic's KIOSK_LICENSED_FORMS, as the kiosk does."""
    (forms_copy / "protocols" / "licensed.yaml").write_text(
        "id: licensed\ntitle: {en: Licensed, es: Con licencia}\nforms: [checkin, cssrs, consent]\n",
        encoding="utf-8")
    env = {**cli_env, "KIOSK_FORMS_DIR": str(forms_copy), "KIOSK_PROTOCOL": "licensed"}
    _, checks, _ = doctor(env, KIOSK_LICENSED_FORMS="cssrs")
    assert checks["forms"]["status"] == "ok", checks["forms"]
    code, checks, _ = doctor(env)
    assert code == 1 and checks["forms"]["status"] == "fail" and "KIOSK_LICENSED_FORMS" in checks["forms"]["detail"]
