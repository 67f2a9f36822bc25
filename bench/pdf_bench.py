"""Benchmark: the clinician PDF of a full visit, against SurveyJS survey-pdf under Node.

    .venv/bin/python bench/pdf_bench.py [--runs 40] [--cold 7]

Prints (not a test; targets from issue 5):
- in-process render time of a full visit's PDF (every shipped form answered): median, p95
  (target: median < 60 ms);
- cold process time of `kiosk export ID --out DIR` against a real store (if kiosk.store
  is present; otherwise a cold process rendering and writing the same export);
- the same content rendered by survey-pdf (npm survey-core + survey-pdf, installed here
  under bench/node_modules on first run): in-process and cold `node` times, and our time
  as a ratio to theirs (target: ≥ 3× faster);
- what survey-pdf's output leaves out, checked in its PDF's text with pypdf.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from kiosk.forms import load_library  # noqa: E402
from kiosk.intake.submission import Submission  # noqa: E402
from kiosk.intake.visit import build_submission  # noqa: E402
from kiosk.paths import BUNDLED_FORMS  # noqa: E402
from kiosk.settings import Settings  # noqa: E402
from surveyjs_content import survey_input  # noqa: E402
from tests.report.full_visit import VISIT_TIME, full_visit, previous_visit  # noqa: E402

CLINIC = "Riverside Recovery Clinic"


def _stats(times_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return (time.perf_counter() - start) * 1000


def _visits() -> tuple[Submission, Submission]:
    library = load_library(BUNDLED_FORMS)
    visit = build_submission(library, full_visit(), kiosk_id="lobby-1", now=VISIT_TIME)
    before = build_submission(library, previous_visit(), kiosk_id="lobby-1",
                              now=VISIT_TIME - dt.timedelta(days=28))
    return visit, before


def bench_ours(runs: int) -> tuple[float, float, bytes]:
    from kiosk.report.pdf import render_summary

    library = load_library(BUNDLED_FORMS)
    visit, before = _visits()
    settings = Settings(clinic_name=CLINIC)
    for _ in range(3):
        pdf = render_summary(visit, library, settings, previous=before)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_summary(visit, library, settings, previous=before)
        times.append((time.perf_counter() - start) * 1000)
    median, p95 = _stats(times)
    return median, p95, pdf


def bench_cold_export(runs: int) -> tuple[str, float]:
    """Cold `kiosk export` against a real store in a temp data folder (what a desk runs)."""
    visit, before = _visits()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KIOSK_DATA_DIR": tmp, "KIOSK_CLINIC_NAME": CLINIC,
               "KIOSK_DB_URL": f"sqlite:///{tmp}/kiosk.db"}
        try:
            from kiosk.store import Store
        except ImportError:
            code = ("import sys; from kiosk.cli.io import read_json; "
                    "from kiosk.forms import load_library; from kiosk.intake.submission import Submission; "
                    "from kiosk.paths import BUNDLED_FORMS; from kiosk.settings import load_settings; "
                    "from kiosk.report.export import export_submission; "
                    "s=Submission.model_validate(read_json(sys.argv[1])); "
                    "export_submission(s, load_library(BUNDLED_FORMS), load_settings(), sys.argv[2])")
            (Path(tmp) / "visit.json").write_text(visit.model_dump_json())
            cmd = [sys.executable, "-c", code, f"{tmp}/visit.json", f"{tmp}/out"]
            label = "cold process: load forms + render + write (kiosk.store not merged yet)"
        else:
            saved = dict(os.environ)
            os.environ.update(env)
            try:
                with Store.open(Settings()) as store:
                    store.add(before)
                    store.add(visit)
            finally:
                os.environ.clear()
                os.environ.update(saved)
            cmd = [sys.executable, "-m", "kiosk", "export", str(visit.id), "--out", f"{tmp}/out"]
            label = "cold `kiosk export ID --out DIR` (real SQLite store)"
        _wall(cmd, env)  # first run pays for .pyc compilation
        times = [_wall(cmd, env) for _ in range(runs)]
    return label, statistics.median(times)


def _ensure_survey_pdf() -> None:
    if (BENCH / "node_modules" / "survey-pdf").is_dir():
        return
    print("installing survey-core and survey-pdf into bench/node_modules (npm) …", flush=True)
    subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                    "--prefix", str(BENCH), "survey-core", "survey-pdf"],
                   check=True, stdout=subprocess.DEVNULL)


def bench_survey_pdf(runs: int, cold_runs: int) -> tuple[float, float, float, bytes, str]:
    _ensure_survey_pdf()
    from kiosk.report.pdf import render_summary  # noqa: F401 - same process state as ours

    library = load_library(BUNDLED_FORMS)
    visit, before = _visits()
    OUT.mkdir(parents=True, exist_ok=True)
    source = OUT / "survey-input.json"
    source.write_text(json.dumps(survey_input(visit, library, before, CLINIC), ensure_ascii=False))
    script = str(BENCH / "survey_pdf_bench.js")
    result = subprocess.run(["node", script, str(source), "--runs", str(runs + 3)],
                            check=True, capture_output=True, text=True, cwd=BENCH)
    median, p95 = _stats(json.loads(result.stdout)["times_ms"][3:])
    target = OUT / "survey-pdf.pdf"
    cmd = ["node", script, str(source), "--runs", "1", "--out", str(target)]
    _wall(cmd)
    cold = statistics.median(_wall(cmd) for _ in range(cold_runs))
    version = json.loads((BENCH / "node_modules" / "survey-pdf" / "package.json").read_text())["version"]
    return median, p95, cold, target.read_bytes(), version


def left_out(ours: bytes, theirs: bytes, visit: Submission) -> list[tuple[str, bool, bool]]:
    """Which parts of the summary each PDF carries, judged from its extracted text and images."""
    from io import BytesIO

    from pypdf import PdfReader

    def facts(pdf: bytes) -> tuple[str, int, int]:
        reader = PdfReader(BytesIO(pdf))
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
        images = sum(len(p.images) for p in reader.pages)
        return text, images, len(reader.pages)

    mine, my_images, my_pages = facts(ours)
    text, images, pages = facts(theirs)
    checks = [
        ("'Needs attention' box (HTML element)", "NEEDS ATTENTION"),
        ("every flag's staff message", visit.flags[0].message.split(":")[0]),
        ("score table with bands (HTML element)", "Zone IV"),
        ("name with Vietnamese letters (Nguyễn)", "Nguyễn"),
        ("accented name (Núñez)", "Núñez"),
        (f"page numbering (Page 1 of N)", "Page 1 of"),
        ("confidentiality line", "Confidential"),
    ]
    rows = [(label, needle in mine, needle in text) for label, needle in checks]
    rows.append(("drawn signature image", my_images >= 1, images >= 1))
    rows.append((f"pages: ours {my_pages}, survey-pdf {pages}", True, True))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description="PDF benchmark (issue 5)")
    parser.add_argument("--runs", type=int, default=40, help="in-process renders to time")
    parser.add_argument("--cold", type=int, default=7, help="cold process runs to time")
    args = parser.parse_args()

    median, p95, ours = bench_ours(args.runs)
    print(f"reportlab summary, full visit (7 forms), in-process: median {median:.1f} ms, "
          f"p95 {p95:.1f} ms over {args.runs} renders  [target median < 60 ms]")
    label, cold = bench_cold_export(args.cold)
    print(f"{label}: median {cold:.0f} ms over {args.cold} runs")
    if shutil.which("node") is None:
        print("node is not installed: survey-pdf comparison skipped")
        return 0
    s_median, s_p95, s_cold, theirs, version = bench_survey_pdf(args.runs, args.cold)
    print(f"survey-pdf {version} (Node {subprocess.check_output(['node', '--version'], text=True).strip()}), "
          f"same content, in-process: median {s_median:.1f} ms, p95 {s_p95:.1f} ms")
    print(f"cold `node survey_pdf_bench.js` (one PDF): median {s_cold:.0f} ms")
    print(f"ratio in-process (survey-pdf / ours): {s_median / median:.1f}× faster "
          f"[target ≥ 3×]; cold: {s_cold / cold:.1f}×")
    visit, _ = _visits()
    print("\ncontent check (from each PDF's extracted text):  ours | survey-pdf")
    for what, mine, theirs_has in left_out(ours, theirs, visit):
        print(f"  {what:<45} {'yes' if mine else 'NO':>4} | {'yes' if theirs_has else 'NO — left out'}")
    print(f"\nPDFs: {OUT / 'survey-pdf.pdf'} (theirs); ours is rendered in memory only.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
