"""``kiosk report day``: the CSV and PDF files (read back), the terminal text, bad arguments."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from kiosk.forms import load_library
from kiosk.settings import Settings
from kiosk.store import Store
from tests.care.day_seed import DAY, PATIENT
from tests.care.test_day_report import seed_day


def kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_csv_and_pdf_of_a_seeded_day(store: Store, settings: Settings, cli_env: dict[str, str],
                                     tmp_path: Path) -> None:
    seed_day(store, load_library(settings.forms_dir))
    store.close()
    done = kiosk(cli_env, "report", "day", "--date", DAY.isoformat(), "--out", str(tmp_path / "day.csv"))
    assert done.returncode == 0, done.stderr
    with (tmp_path / "day.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["section", "item", "code", "value"]
    assert ["visits", "total", "", "6"] in rows
    assert ["visits by type", "Infusion session", "infusion", "2"] in rows
    assert ["sessions", "completion rate", "", "60%"] in rows
    assert ["sessions", "median minutes to complete", "", "6.5"] in rows
    assert ["gave up at", "PHQ-9 · question 9", "phq9/q9", "2"] in rows
    assert ["gave up at", "Choosing a language", "language", "1"] in rows
    assert ["flags by category", "crisis", "", "4"] in rows
    assert ["critical flags", "median minutes to review", "", "12"] in rows
    assert ["critical flags", "worst minutes to review", "", "30"] in rows
    assert ["critical flags", "not reviewed yet", "", "1"] in rows

    done = kiosk(cli_env, "report", "day", "--date", DAY.isoformat(), "--out", str(tmp_path / "day.pdf"))
    assert done.returncode == 0, done.stderr
    shown = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "day.pdf").pages)
    assert "The clinic's day — Tuesday 24 November 2026" in shown
    for expected in ("Completion rate 60%", "Worst minutes to review 30", "Not reviewed yet 1", "Infusion session 2",
                     "PHQ-9 · question 9 2", "Check-in · question 5 1"):
        assert expected.lower() in " ".join(shown.split()).lower(), expected
    for trace in (PATIENT["legal_name"], "Zelda", "1971", "555-0199", "Ana Ruiz"):
        assert trace not in shown
        assert trace.encode() not in (tmp_path / "day.csv").read_bytes()

    printed = kiosk(cli_env, "report", "day", "--date", DAY.isoformat())
    assert printed.returncode == 0, printed.stderr
    assert "completion rate" in printed.stdout and "60%" in printed.stdout
    assert "Follow-up visit" in printed.stdout and "follow_up" not in printed.stdout

    spanish = kiosk(cli_env, "report", "day", "--date", DAY.isoformat(), "--language", "es",
                    "--out", str(tmp_path / "dia.csv"))
    assert spanish.returncode == 0, spanish.stderr
    with (tmp_path / "dia.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert ["visits by type", "Sesión de infusión", "infusion", "2"] in rows
    assert ["gave up at", "PHQ-9 · pregunta 9", "phq9/q9", "2"] in rows


def test_bad_arguments_are_one_clear_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    done = kiosk(cli_env, "report", "day", "--out", str(tmp_path / "day.txt"))
    assert done.returncode == 2 and "must end in .pdf or .csv" in done.stderr and "Traceback" not in done.stderr
    done = kiosk(cli_env, "report", "day", "--date", "24/11/2026")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
    done = kiosk(cli_env, "report", "day", "--out", str(tmp_path / "missing" / "day.csv"))
    assert done.returncode == 1 and "cannot write" in done.stderr and "Traceback" not in done.stderr
