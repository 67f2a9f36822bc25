"""Settings come from init arguments, then ``KIOSK_*`` variables, then ``kiosk.toml``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.settings import Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for key in list(os.environ):
        if key.upper().startswith("KIOSK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))


def test_defaults_give_an_embedded_kiosk(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.clinic_name == "Lobby Kiosk Clinic"
    assert settings.idle_timeout == 90
    assert settings.database_url == f"sqlite:///{settings.data_dir / 'kiosk.db'}"


def test_environment_variables_are_read_and_coerced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_CLINIC_NAME", "Clínica Núñez")
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT", "45")
    monkeypatch.setenv("KIOSK_AUTO_ADVANCE", "false")
    monkeypatch.setenv("kiosk_printer", "FrontDesk")  # lower case, as some shells export it
    monkeypatch.setenv("KIOSK_NOT_A_SETTING", "ignored")
    settings = load_settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.clinic_name == "Clínica Núñez"
    assert settings.idle_timeout == 45
    assert settings.auto_advance is False
    assert settings.printer == "FrontDesk"


def test_toml_file_is_read_and_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text(
        'clinic_name = "Riverside Recovery"\nclinic_phone = "555-0100"\nidle_timeout = 60\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CLINIC_PHONE", "555-0199")
    settings = load_settings()
    assert settings.clinic_name == "Riverside Recovery"
    assert settings.idle_timeout == 60
    assert settings.clinic_phone == "555-0199"


def test_init_arguments_win_and_keep_the_rest(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_CLINIC_NAME", "From the environment")
    monkeypatch.setenv("KIOSK_PRINTER", "FrontDesk")
    settings = Settings(clinic_name="Given", data_dir=tmp_path)
    assert (settings.clinic_name, settings.printer, settings.data_dir) == ("Given", "FrontDesk", tmp_path)


def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT", "soon")
    monkeypatch.setenv("KIOSK_SLIDE_SECONDS", "0")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "KIOSK_IDLE_TIMEOUT" in message and "valid integer" in message
    assert "KIOSK_SLIDE_SECONDS" in message and "greater than 0" in message


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text('clinic_name = "unterminated\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"kiosk\.toml"):
        load_settings()


def test_command_line_reports_bad_settings_without_a_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(tmp_path), "KIOSK_IDLE_TIMEOUT": "soon",
           "KIOSK_CONFIG": str(tmp_path / "none.toml")}
    result = subprocess.run([sys.executable, "-m", "kiosk", "queue", "--json"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "KIOSK_IDLE_TIMEOUT" in result.stderr
    assert "Traceback" not in result.stderr
