"""The answer pages: each form's questions in English with the answer and the item score.

A long free-text answer is wrapped and continued over as many rows and pages as it needs,
never cut off.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Image, Paragraph, Spacer, Table

from kiosk.report import wording
from kiosk.report.pdf_styles import (
    HEADER_BG, HIGHLIGHT, INK, RULE, SKIPPED_BG, WIDTH, Styles, text,
)
from kiosk.report.summary import FormSection, ItemRow

_NUMBER_W = 9 * mm
_SCORE_W = 14 * mm
_ANSWER_W = 66 * mm
_LONG_ANSWER = 90  # characters; longer typed answers get the full width under the question
_PIECE = 450  # characters per table row of a long answer (about five lines)


def chunks(answer: str, size: int = _PIECE) -> list[str]:
    """Split text into pieces of about ``size`` characters, at line breaks or spaces."""
    pieces: list[str] = []
    rest = answer.strip()
    while len(rest) > size:
        cut = max(rest.rfind("\n", size // 2, size), rest.rfind(" ", size // 2, size))
        if cut <= 0:
            cut = size  # one unbroken run of characters: a hard cut is the only option
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip(" ")
        rest = rest[1:] if rest.startswith("\n") else rest
    return pieces + [rest]


def _signature(row: ItemRow, section: FormSection, styles: Styles) -> list[Flowable]:
    from reportlab.lib.utils import ImageReader

    assert row.signature is not None
    reader = ImageReader(io.BytesIO(row.signature))
    width, height = reader.getSize()
    scale = min(_ANSWER_W * 0.95 / width, 24 * mm / height, 1.0)
    image = Image(io.BytesIO(row.signature), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return [image, Paragraph(f"Signed {text(wording.moment_text(section.completed_at))}",
                             styles.note)]


def _answer_cell(row: ItemRow, section: FormSection, styles: Styles) -> list[Flowable]:
    if row.kind == "signature":
        return _signature(row, section, styles)
    if row.kind == "not_asked":
        return [Paragraph(text(row.answer), styles.note)]
    if row.highlighted:
        cell = [Paragraph(f"⚠ {text(row.answer)}", styles.body_bold)]
    elif row.answer == wording.NO_ANSWER:
        cell = [Paragraph(f"— {text(row.answer)}", styles.note)]
    else:
        cell = [Paragraph(text(row.answer), styles.body)]
    if row.as_shown:
        cell.append(Paragraph(f"shown as: “{text(row.as_shown)}”", styles.note))
    return cell


def _table(section: FormSection, styles: Styles) -> Table:
    scored = section.scored
    widths = [_NUMBER_W, WIDTH - _NUMBER_W - _ANSWER_W - (_SCORE_W if scored else 0), _ANSWER_W]
    head = ["#", "Question (English)", "Answer"]
    if scored:
        widths.append(_SCORE_W)
        head.append("Score")
    last = len(widths) - 1
    data: list[list[object]] = [[Paragraph(h, styles.cell_head) for h in head]]
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("BOX", (0, 0), (-1, -1), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in section.rows:
        n = len(data)
        if row.kind == "info":
            data.append([Paragraph(text(row.question), styles.body)] + [""] * last)
            style += [("SPAN", (0, n), (-1, n))]
            continue
        score = Paragraph(text(row.score), styles.body_bold if row.highlighted else styles.body)
        question = Paragraph(text(row.question), styles.body)
        if row.kind == "answer" and len(row.answer) > _LONG_ANSWER:
            # Long typed text gets the question's width too. It is cut into row-sized
            # pieces at spaces so the table can break between them: reportlab cannot
            # split one cell across pages cleanly, and nothing may be cut off.
            pieces = chunks(row.answer)
            first = [question, Spacer(1, 1.5 * mm), Paragraph(text(pieces[0]), styles.answer_block)]
            data.append([Paragraph(row.number, styles.number), first, ""] + [score] * scored)
            for piece in pieces[1:]:
                data.append(["", Paragraph(text(piece), styles.answer_block), ""] + [""] * scored)
            end = len(data) - 1
            style += [("SPAN", (1, r), (2, r)) for r in range(n, end + 1)]
            style += [("LINEBELOW", (0, n), (-1, end - 1), 0, colors.white),
                      ("TOPPADDING", (0, n + 1), (-1, end), 0)] if end > n else []
        else:
            data.append([Paragraph(row.number, styles.number), question,
                         _answer_cell(row, section, styles)] + [score] * scored)
            end = n
        if row.highlighted:
            style.append(("BACKGROUND", (0, n), (-1, end), HIGHLIGHT))
            style.append(("BOX", (0, n), (-1, end), 1.2, INK))
        elif row.kind == "not_asked":
            style.append(("BACKGROUND", (0, n), (-1, n), SKIPPED_BG))
    return Table(data, colWidths=widths, repeatRows=1, style=style)


def section_flowables(section: FormSection, styles: Styles) -> list[Flowable]:
    """A form's heading, notes and answer table."""
    meta = (f"Form <b>{text(section.form_id)}</b> version {text(section.version)} · completed "
            f"{text(wording.moment_text(section.completed_at))}")
    parts: list[Flowable] = [
        CondPageBreak(40 * mm),
        Paragraph(text(section.title), styles.section),
        Paragraph(meta, styles.note),
    ]
    parts += [Paragraph(text(note), styles.note) for note in section.notes]
    parts += [Spacer(1, 2 * mm), _table(section, styles), Spacer(1, 7 * mm)]
    return parts

