"""Render the sample clinician summary of a fictional full visit (docs/sample-summary-page1.png).

    .venv/bin/python bench/render_sample.py [--out DIR] [--language es]

Writes sample-summary.pdf into bench/out/ (ignored by git) and page 1 as a PNG into docs/
through poppler's pdftoppm, for a person to look at.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.forms import load_library  # noqa: E402
from kiosk.intake.visit import build_submission  # noqa: E402
from kiosk.paths import BUNDLED_FORMS  # noqa: E402
from kiosk.report.pdf import render_summary  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from tests.report.full_visit import VISIT_TIME, full_visit, previous_visit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Render the sample clinician summary.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--language", choices=["en", "es"], default="en")
    args = parser.parse_args()
    library = load_library(BUNDLED_FORMS)
    visit = build_submission(library, full_visit(args.language), kiosk_id="lobby-1", now=VISIT_TIME,
                             submission_id=uuid.UUID("5a3c9e01-7b2d-4f8e-9c61-0d4e2b7a1f35"))
    before = build_submission(library, previous_visit(), kiosk_id="lobby-1",
                              now=VISIT_TIME - dt.timedelta(days=28))
    pdf = render_summary(visit, library, Settings(clinic_name="Riverside Recovery Clinic"),
                         previous=before, now=VISIT_TIME + dt.timedelta(minutes=3))
    work = ROOT / "bench" / "out"
    work.mkdir(parents=True, exist_ok=True)
    (work / "sample-summary.pdf").write_bytes(pdf)
    args.out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                    str(work / "sample-summary.pdf"), str(args.out / "sample-summary-page1")], check=True)
    print(f"{work / 'sample-summary.pdf'}\n{args.out / 'sample-summary-page1.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
