"""``kiosk config show`` names each setting's source and hides secrets; the example parses back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.ops.config_report import example_toml
from kiosk.settings import Settings

KEY = "c2VjcmV0LWtleS1ub2JvZHktc2hvdWxkLXNlZS0xMjM0NTY3OA=="


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("KIOSK_")}
    env.update(extra)
    return env


def test_the_example_parses_back_to_the_default_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("KIOSK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "none.toml"))
    defaults = Settings()
    example = tmp_path / "kiosk.toml"
    example.write_text(example_toml(), encoding="utf-8")
    assert tomllib.loads(example.read_text(encoding="utf-8"))  # live lines, not all comments
    monkeypatch.setenv("KIOSK_CONFIG", str(example))
    assert Settings().model_dump() == defaults.model_dump()


def test_the_example_documents_every_setting() -> None:
    text = example_toml()
    for name, field in Settings.model_fields.items():
        assert f"(KIOSK_{name.upper()})" in text
        if field.description:
            assert field.description in text


def test_show_names_sources_and_masks_secrets(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_name = "Sunrise Clinic"\nidle_timeout = 120\n', encoding="utf-8")
    env = _clean_env(KIOSK_CONFIG=str(config), KIOSK_KEY=KEY, KIOSK_IDLE_TIMEOUT="60",
                     KIOSK_DB_URL="postgresql+psycopg://kiosk:hunter2@db.clinic/kiosk", KIOSK_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "kiosk", "config", "show", "--json"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["clinic_name"] == {"name": "clinic_name", "value": "Sunrise Clinic", "source": f"file {config}"}
    assert rows["idle_timeout"]["value"] == "60" and rows["idle_timeout"]["source"] == "environment KIOSK_IDLE_TIMEOUT"
    assert rows["printer"]["source"] == "default"
    assert KEY not in result.stdout and "hunter2" not in result.stdout
    assert rows["key"]["value"].startswith("****") and "db.clinic" in rows["db_url"]["value"]


def test_show_reports_a_bad_value_without_a_traceback(tmp_path: Path) -> None:
    env = _clean_env(KIOSK_IDLE_TIMEOUT="soon", KIOSK_CONFIG=str(tmp_path / "none.toml"))
    result = subprocess.run([sys.executable, "-m", "kiosk", "config", "show"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "KIOSK_IDLE_TIMEOUT" in result.stderr and "Traceback" not in result.stderr
