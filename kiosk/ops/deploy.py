"""``kiosk deploy systemd``: the unit files and kiosk.toml a Debian tablet or desk PC needs.

The units are templates under ``resources/deploy/`` filled with ``string.Template`` (a
clinic's IT person can read and adjust them). Every value put into a unit is checked first:
systemd unit syntax has its own quoting, so a user name or path with spaces or newlines
is refused rather than written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from kiosk.files import write_private_file
from kiosk.ops.config_report import example_toml
from kiosk.paths import PROJECT_ROOT, RESOURCES

TEMPLATES = RESOURCES / "deploy"
UNITS = {"lobby-kiosk.service": "lobby-kiosk.service.in", "lobby-desk.service": "lobby-desk.service.in"}
DEFAULT_CONFIG = Path("/etc/lobby-kiosk/kiosk.toml")
DEFAULT_DATA_DIR = Path("/var/lib/lobby-kiosk")
_USER = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._+/-]*$")


class DeployError(Exception):
    """A value that cannot go into a unit file; says which and why."""


@dataclass(frozen=True)
class DeployPlan:
    """What the written files point at."""

    user: str
    kiosk: Path
    config: Path = DEFAULT_CONFIG
    data_dir: Path = DEFAULT_DATA_DIR
    cage: Path = Path("/usr/bin/cage")
    watchdog_seconds: int = 30

    def check(self) -> None:
        if not _USER.match(self.user):
            raise DeployError("--user: a system user name (lower-case letters, digits, '_' or '-', "
                              "at most 32 characters, not starting with a digit)")
        for label, path in (("--kiosk", self.kiosk), ("--config", self.config),
                            ("--data-dir", self.data_dir), ("cage", self.cage)):
            if not _SAFE_PATH.match(str(path)):
                raise DeployError(f"{label}: an absolute path of letters, digits and ._+/- only ({path})")
        if not 5 <= self.watchdog_seconds <= 600:
            raise DeployError("--watchdog: between 5 and 600 seconds")


def render_unit(template_name: str, plan: DeployPlan) -> str:
    template = Template((TEMPLATES / template_name).read_text(encoding="utf-8"))
    return template.substitute(
        user=plan.user, kiosk=plan.kiosk, config=plan.config, cage=plan.cage,
        watchdog=plan.watchdog_seconds, docs=PROJECT_ROOT / "README.md",
    )


def write_deployment(plan: DeployPlan, out: Path) -> list[Path]:
    """Both units and a commented kiosk.toml into ``out``; returns the files written."""
    plan.check()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, template in UNITS.items():
        path = out / name
        path.write_text(render_unit(template, plan), encoding="utf-8")
        written.append(path)
    config = out / "kiosk.toml"
    write_private_file(config, example_toml({"data_dir": plan.data_dir}).encode())
    written.append(config)
    return written
