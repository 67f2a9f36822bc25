"""Page 1's trend charts: the numbers drawn for the last 12 visits, read back from the PDF and
from the chart's drawing, with the baseline kept from the first visit on record."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from reportlab.graphics.shapes import Drawing, Group, PolyLine, Polygon, String

from kiosk.care.series import build_series
from kiosk.forms import FormLibrary
from kiosk.report.pdf import render_summary
from kiosk.report.pdf_trends import Scale, chart
from kiosk.report.print_queue import PrintQueue
from kiosk.report.printing import PrintError, print_summary, retry_pending
from kiosk.settings import Settings
from kiosk.store import Store
from tests.care.visits import infusion_series, series_visit
from tests.report.conftest import body_text
from tests.report.test_printing import CUPS_OUT, PRINTER, needs_cups, wait_for_output

PHQ9 = (24, 22, 20, 18, 17, 15, 14, 12, 11, 10, 9, 7, 6, 4)  # 14 visits: the first two are not drawn
GAD7 = (17, 16, 16, 15, 15, 13, 12, 11, 9, 8, 8, 6, 5, 4)



def _shapes(node: Drawing | Group) -> list[object]:
    found: list[object] = []
    for shape in node.contents:
        found += _shapes(shape) if isinstance(shape, Group) else [shape]
    return found


def _drawn_numbers(text: str, title: str) -> list[int]:
    """The whole numbers printed over the markers of the chart headed ``title``: after its
    threshold labels, up to its first date label."""
    charts = text[text.index("Trends across visits"):]
    block = charts[charts.index(f" {title} "):]
    block = block[:re.search(r"\d\d \w{3} \d\d", block).start()]  # type: ignore[union-attr]
    labels = block[block.rindex("remission < 5") + len("remission < 5"):]
    return [int(n) for n in labels.split()]


def test_pdf_draws_the_last_twelve_values_with_the_first_visit_as_baseline(
        library: FormLibrary, settings: Settings) -> None:
    visits = infusion_series(library, PHQ9, GAD7)
    pdf = render_summary(visits[-1], library, settings, previous=visits[-2],
                         history=visits)
    text = body_text(pdf)
    assert "Trends across visits" in text
    assert _drawn_numbers(text, "PHQ-9") == list(PHQ9[-12:])
    assert _drawn_numbers(text, "GAD-7") == list(GAD7[-12:])
    assert "baseline 24 response ≤ 12 remission < 5" in text
    assert ("baseline 24, latest 4 · RESPONSE (≥ 50 % drop) · REMISSION (< 5) · important change: "
            "better by ≥ 5") in text
    assert "baseline 17, latest 4 · REMISSION (< 5) · important change: better by ≥ 4" in text


def test_chart_points_sit_at_the_values_and_infusions_are_triangles(library: FormLibrary) -> None:
    visits = infusion_series(library, PHQ9, GAD7)
    phq9 = next(s for s in build_series(visits, library) if s.key == "phq9.total").latest(12)
    drawing = chart(phq9, 200)
    scale = Scale(phq9, 200, drawing.height)
    line = next(s for s in _shapes(drawing) if isinstance(s, PolyLine))
    ys = line.points[1::2]
    assert [round(scale.low + (y - scale.y0) / (scale.y1 - scale.y0) * (scale.high - scale.low), 6)
            for y in ys] == list(PHQ9[-12:])
    triangles = [s for s in _shapes(drawing) if isinstance(s, Polygon)]
    assert len(triangles) == sum(p.infusion for p in phq9.points) == 8
    words = [s.text for s in _shapes(drawing) if isinstance(s, String)]
    assert "baseline 24" in words and "Severe depression" in words


def test_a_first_visit_has_no_trend_section(library: FormLibrary, settings: Settings) -> None:
    first = infusion_series(library, PHQ9[:1], GAD7[:1])
    pdf = render_summary(first[0], library, settings, history=first)
    assert "Trends across visits" not in body_text(pdf)


def test_kiosk_export_of_a_stored_series_charts_the_patients_history(
        library: FormLibrary, tmp_path: Path) -> None:
    """Through the store and the forked export worker: the charts hold the stored visits up to the
    exported one, linked spellings included, and not a later visit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    visits = infusion_series(library, PHQ9[:5], GAD7[:5])
    typo = series_visit(library, 35, 14, 12, name="Marie Josée Nunes")  # one visit typed another way
    later = series_visit(library, 42, 3, 2)
    with Store.open(Settings(data_dir=tmp_path / "data")) as store:
        store.add_many([*visits, typo, later])
        store.link_histories(visits[0].id, typo.id, actor="test")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kiosk", "export", str(typo.id), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    [pdf] = out.glob("*.pdf")
    text = body_text(pdf.read_bytes())
    assert _drawn_numbers(text, "PHQ-9") == [*PHQ9[:5], 14]
    assert _drawn_numbers(text, "GAD-7") == [*GAD7[:5], 12]


def _whole_pdf_text(path: Path, timeout: float = 60) -> str:
    """The PDF's text once cups-pdf has finished writing it (a loaded machine writes slowly)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)
        except PdfReadError:  # truncated: EOF marker or stream still missing
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@needs_cups
def test_a_retried_print_keeps_the_trend_charts(library: FormLibrary, tmp_path: Path) -> None:
    """A job that failed and is sent again by ``retry_pending`` re-renders with the history too."""
    assert PRINTER and CUPS_OUT
    visits = infusion_series(library, PHQ9[:4], GAD7[:4])
    queue = PrintQueue.for_data_dir(tmp_path)
    with pytest.raises(PrintError):  # a wrong printer name: the job waits in the queue
        print_summary(visits[-1], library, Settings(data_dir=tmp_path, printer="NoSuchPrinter"), queue=queue,
                      history=visits)
    [(job, error)] = retry_pending(queue, lambda _id: (visits[-1], visits[-2]), library,
                                   Settings(data_dir=tmp_path, printer=PRINTER), history_for=lambda _s: visits)
    assert error is None and job.status == "sent"
    output = wait_for_output(Path(CUPS_OUT), visits[-1].id.hex[:8])
    text = _whole_pdf_text(output)
    output.unlink()
    assert "Trends across visits" in text and "baseline 24, latest 18" in text
