"""``kiosk deploy systemd`` writes units that systemd itself accepts, and refuses unsafe values."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest


def _deploy(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "deploy", "systemd", "--out", str(tmp_path / "out"), *extra],
                          capture_output=True, text=True, timeout=60)


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is not installed: .ci/setup --ci installs it")
        pytest.skip(f"{tool} is not installed")
    return found


def _verify(unit: Path, *flags: str) -> None:
    runtime = unit.parent / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    result = subprocess.run([_need("systemd-analyze"), "verify", *flags, str(unit)], capture_output=True,
                            text=True, env=env, timeout=60, cwd=unit.parent)
    # verify exits 0 on parse warnings ("Failed to parse … ignoring"): any output is a failure
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_written_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    _need("cage")
    result = _deploy(tmp_path, "--user", "lobby", "--watchdog", "20")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["kiosk.toml", "lobby-desk.service", "lobby-kiosk.service"]
    kiosk_unit = (out / "lobby-kiosk.service").read_text(encoding="utf-8")
    for line in ("Type=notify", "WatchdogSec=20", "Restart=always", "User=lobby", "TTYPath=/dev/tty1",
                 "NotifyAccess=all", "Conflicts=getty@tty1.service"):
        assert line in kiosk_unit.splitlines()
    exec_start = next(line for line in kiosk_unit.splitlines() if line.startswith("ExecStart="))
    assert " -s " not in exec_start and exec_start.endswith("/kiosk run")  # no VT switching
    _verify(out / "lobby-kiosk.service")
    _verify(out / "lobby-desk.service", "--user")


def test_the_written_config_parses_and_names_the_data_folder(tmp_path: Path) -> None:
    result = _deploy(tmp_path, "--user", "lobby", "--data-dir", "/srv/kiosk-data")
    assert result.returncode == 0, result.stderr
    config = tmp_path / "out" / "kiosk.toml"
    assert tomllib.loads(config.read_text(encoding="utf-8"))["data_dir"] == "/srv/kiosk-data"
    assert config.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("args, field", [
    (("--user", "Lobby Tablet"), "--user"),
    (("--user", "root\nExecStartPre=/bin/sh"), "--user"),
    (("--user", "lobby", "--kiosk", "/opt/my kiosk/kiosk"), "--kiosk"),
    (("--user", "lobby", "--config", "relative.toml"), "--config"),
    (("--user", "lobby", "--watchdog", "1"), "--watchdog"),
])
def test_unsafe_values_are_refused_and_nothing_is_written(tmp_path: Path, args: tuple[str, ...], field: str) -> None:
    result = _deploy(tmp_path, *args)
    assert result.returncode == 2 and result.stderr.startswith(f"kiosk: {field}")
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
