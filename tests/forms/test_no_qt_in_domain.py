"""Nothing below the UI imports Qt: checked at run time and by the import-linter contract."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DOMAIN = ("kiosk.forms", "kiosk.intake", "kiosk.store", "kiosk.content", "kiosk.report", "kiosk.staff", "kiosk.care")
REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import importlib, pkgutil, sys
roots = tuple(sys.argv[1:])
for root in roots:
    package = importlib.import_module(root)
    for info in pkgutil.walk_packages(package.__path__, root + "."):
        importlib.import_module(info.name)
loaded = sorted(name for name in sys.modules if name.startswith(roots))
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
print("loaded", len(loaded))
print("qt", " ".join(qt))
"""


def test_importing_every_domain_module_loads_no_qt() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, *DOMAIN],
        capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in run.stdout.splitlines())
    assert int(lines["loaded"]) >= len(DOMAIN) + 8  # the probe really imported the modules
    assert lines["qt"] == "", f"Qt imported by the domain: {lines['qt']}"


def test_probe_would_notice_qt() -> None:
    """The probe itself sees Qt when something does import it (so the test above can fail)."""
    run = subprocess.run(
        [sys.executable, "-c", "import PySide6.QtCore\n" + _PROBE, "kiosk.forms"],
        capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert "PySide6.QtCore" in run.stdout


def test_import_linter_contract_is_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    assert lint_imports, "import-linter is part of the test extras (pip install -e .[test])"
    run = subprocess.run(
        [lint_imports, "--no-cache"],
        capture_output=True, text=True, timeout=300, check=False, cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Domain, storage and reports never import Qt KEPT" in run.stdout
    assert "0 broken" in run.stdout
