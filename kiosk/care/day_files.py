"""The day report as a CSV (section, item, value) or a one-page PDF in the clinician PDF's style.

Counts only: neither file holds a name, a birth date or an answer, so they are ordinary
files (not the 0600 of visit exports).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

from kiosk.care.day_labels import DayLabels
from kiosk.care.day_report import DayReport

CSV_HEADER = ("section", "item", "code", "value")
GAP = 24.0  # points between the two columns of the PDF


def write_csv(report: DayReport, path: Path, labels: DayLabels | None = None) -> Path:
    """One row per figure, under a header row: screens and appointment types in words, their
    screen id or type code in a column of its own (for a spreadsheet that joins on it)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        writer.writerows(report.coded_rows(labels))
    return path


def write_pdf(report: DayReport, path: Path, clinic_name: str, labels: DayLabels | None = None) -> Path:
    """A heading and one small table per section, on the bundled fonts."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from kiosk.report.pdf_styles import (MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_SIZE, RULE, WIDTH,
                                         build_styles, table, text)

    styles = build_styles()
    story: list[object] = [
        Paragraph(text(clinic_name), styles.clinic),
        Paragraph(text(f"The clinic's day — {report.day:%A %d %B %Y}"), styles.patient),
        Paragraph(text(f"Counts only, no patient names. Generated {dt.datetime.now():%Y-%m-%d %H:%M}."),
                  styles.note),
        Spacer(1, 8),
    ]
    column = (WIDTH - GAP) / 2
    boxes: list[list[object]] = []
    for section, rows in itertools.groupby(report.rows(labels)[1:], key=lambda row: row[0]):
        data = [[Paragraph(text(item), styles.body), Paragraph(text(value), styles.body_bold)]
                for _section, item, value in rows]
        grid = table(data, [column * 0.72, column * 0.28],
                     [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        boxes.append([Paragraph(text(section[:1].upper() + section[1:]), styles.section), grid])
    pairs = [boxes[i:i + 2] + [[]] * (2 - len(boxes[i:i + 2])) for i in range(0, len(boxes), 2)]
    story.append(table(pairs, [column + GAP, column], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), GAP), ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    doc = SimpleDocTemplate(str(path), pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                            title=f"The clinic's day {report.day.isoformat()}", author=clinic_name)
    doc.build(story)  # type: ignore[arg-type]
    return path
