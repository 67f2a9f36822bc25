"""``.ci/services.sh`` starts its own PostgreSQL and CUPS beside any already running, and
leaves nothing behind.

A run once failed on a machine where another cupsd was running: the old script saw a
process named cupsd and never started ours. These run the script as ``.ci/run`` does
(sourced into bash), while this machine's own servers keep running, print through the
private CUPS into its cups-pdf folder, query the private PostgreSQL, then check that the
processes, the temporary folder and any cups-pdf instance file are gone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
set -euo pipefail
source .ci/services.sh
start_services >/dev/null
echo "DIR=$CI_SERVICES_DIR"
echo "CUPSD=$CI_CUPSD_PID"
echo "PGPID=$(head -1 "$CI_PG_DATA/postmaster.pid")"
echo "PGURL=$KIOSK_TEST_PG_URL"
echo "SERVER=$CUPS_SERVER"
echo "PDFCONF=$CI_CUPS_PDF_CONF"
lpstat -v PDF
echo probe | lp -d PDF -t kiosk-ci-probe - >/dev/null
for _ in $(seq 100); do ls "$KIOSK_TEST_CUPS_OUT"/*probe*.pdf >/dev/null 2>&1 && break; sleep 0.2; done
echo "OUT=$(ls "$KIOSK_TEST_CUPS_OUT")"
"$PYTHON" -c 'import os, psycopg; c = psycopg.connect(os.environ["KIOSK_TEST_PG_URL"].replace("+psycopg", "")); print("PG=" + c.execute("select current_user").fetchone()[0])'
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, gone but not yet reaped by init, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.parametrize("namespace", [True, False], ids=["mount-namespace", "instance-file"])
def test_private_services_start_beside_others_and_leave_nothing(namespace: bool) -> None:
    if os.geteuid() != 0:
        unavailable("starting a private cupsd needs root")
    if not (shutil.which("cupsd") and Path("/usr/lib/cups/backend/cups-pdf").exists() and Path("/usr/lib/postgresql").is_dir()):
        unavailable("PostgreSQL, cupsd or cups-pdf is not installed")
    env = {k: v for k, v in os.environ.items() if k not in {"CUPS_SERVER", "KIOSK_CI_NO_NAMESPACE"}}
    env["PYTHON"] = sys.executable
    if not namespace:
        env["KIOSK_CI_NO_NAMESPACE"] = "1"
    done = subprocess.run(["bash", "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    seen = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    folder = Path(seen["DIR"])
    assert seen["SERVER"] == str(folder / "cups" / "cups.sock")
    assert f"cups-pdf:/kci{folder.name.split('.')[-1]}" in done.stdout  # our own cups-pdf instance
    assert "kiosk-ci-probe" in seen["OUT"]  # printed through our cupsd into our folder
    assert seen["PG"] == "kiosk" and ":5432/" not in seen["PGURL"]
    assert bool(seen["PDFCONF"]) is not namespace
    # the EXIT trap ran: our servers are stopped, their folder and instance file removed
    assert not _alive(int(seen["CUPSD"])) and not _alive(int(seen["PGPID"]))
    assert not folder.exists()
    assert not (seen["PDFCONF"] and Path(seen["PDFCONF"]).exists())
