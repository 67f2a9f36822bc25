"""The answer pages: each form's questions in English with the answer and the item score.

A long free-text answer is wrapped and continued over as many rows and pages as it needs,
never cut off.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Image, Spacer

from kiosk.report import wording
from kiosk.report.fonts import BOLD, REGULAR
from kiosk.report.pdf_styles import (
    HEADER_BG, HIGHLIGHT, INK, MUTED, RULE, SKIPPED_BG, WIDTH, Para, Styles, table, text,
)
from kiosk.report.summary import FormSection, ItemRow

_NUMBER_W = 11 * mm
_SCORE_W = 14 * mm
_ANSWER_W = 66 * mm
_SIZE, _LEADING = 9.5, 9.5 * 1.25  # as styles.body, so plain-string cells match paragraphs
_CELL_PAD = 6
_LONG_ANSWER = 90  # characters; longer typed answers get the full width under the question


def _signature(row: ItemRow, section: FormSection, styles: Styles) -> list[Flowable]:
    from reportlab.lib.utils import ImageReader

    assert row.signature is not None
    reader = ImageReader(io.BytesIO(row.signature))
    width, height = reader.getSize()
    scale = min(_ANSWER_W * 0.95 / width, 24 * mm / height, 1.0)
    image = Image(io.BytesIO(row.signature), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return [image, Para(f"Signed {text(wording.moment_text(section.completed_at))}",
                             styles.note)]


def _one_line(value: str, width: float, font: str = REGULAR) -> str | None:
    """``value`` itself when it fits on one line of a cell, so the table can draw it as a
    plain string: a Paragraph per cell is most of the render time, and most answers
    ("Several days") and many questions are one short line."""
    if "\n" in value or stringWidth(value, font, _SIZE) > width - 2 * _CELL_PAD:
        return None
    return value


def _answer_cell(row: ItemRow, section: FormSection, styles: Styles) -> list[Flowable]:
    if row.kind == "signature":
        return _signature(row, section, styles)
    if row.kind == "not_asked":
        return [Para(text(row.answer), styles.note)]
    if row.highlighted:
        cell: list[Flowable] = [Para(f"⚠ {text(row.answer)}", styles.body_bold)]
    elif row.answer == wording.NO_ANSWER:
        cell = [Para(f"— {text(row.answer)}", styles.note)]
    else:
        cell = [Para(text(row.answer), styles.body)]
    if row.as_shown:
        cell.append(Para(f"shown as: “{text(row.as_shown)}”", styles.note))
    return cell


class _AnswerTable:
    """Builds a form's answer table, interrupting it for long typed answers.

    A long answer is laid out as a plain paragraph between two table segments, because
    platypus splits a paragraph across pages line by line, while a table cell cannot be
    split cleanly. The segments share column widths and rules, so they read as one table.
    """

    def __init__(self, section: FormSection, styles: Styles) -> None:
        self.section = section
        self.styles = styles
        self.scored = section.scored
        answer_w = _ANSWER_W
        self.widths = [_NUMBER_W, WIDTH - _NUMBER_W - answer_w - (_SCORE_W if self.scored else 0),
                       answer_w] + ([_SCORE_W] if self.scored else [])
        head: list[object] = ["#", "Question (English)", "Answer", *(["Score"] if self.scored else [])]
        self.flowables: list[Flowable] = []
        self.data: list[list[object]] = [head]
        self.style: list[tuple[object, ...]] = [("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                                                ("FONT", (0, 0), (-1, 0), BOLD, 8)]
        self.has_head = True

    def _flush(self) -> None:
        if self.data:
            # Number and score are plain strings styled per column: a Paragraph each
            # would cost a third of the render time for two short numbers per row.
            style = [
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("FONT", (0, 0), (-1, -1), REGULAR, _SIZE, _LEADING),
                ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED), *self.style,
            ]
            if self.has_head:
                style.append(("LINEABOVE", (0, 0), (-1, 0), 0.8, INK))
            self.flowables.append(table(self.data, self.widths, style,
                                        repeatRows=1 if self.has_head else 0))
        self.data, self.style, self.has_head = [], [], False

    def add(self, row: ItemRow) -> None:
        styles = self.styles
        n = len(self.data)
        if row.kind == "info":
            self.data.append([Para(text(row.question), styles.body)] + [""] * (len(self.widths) - 1))
            self.style.append(("SPAN", (0, n), (-1, n)))
            return
        score = [row.score]
        number = row.number
        question: str | Flowable = (_one_line(row.question, self.widths[1])
                                    or Para(text(row.question), styles.body))
        if row.kind == "answer" and len(row.answer) > _LONG_ANSWER and not row.highlighted:
            self._long_answer(number, question, score[: self.scored], row)
            return
        self.data.append([number, question, self._answer(row, n), *score[: self.scored]])
        if row.kind == "signature" and n > 0:
            self.style.append(("NOSPLIT", (0, n - 1), (-1, n)))  # signature stays with its consent
        if row.highlighted:
            self.style += [("BACKGROUND", (0, n), (-1, n), HIGHLIGHT), ("BOX", (0, n), (-1, n), 1.2, INK),
                           ("FONT", (-1, n), (-1, n), BOLD, _SIZE, _LEADING)]
        elif row.kind == "not_asked":
            self.style.append(("BACKGROUND", (0, n), (-1, n), SKIPPED_BG))

    def _answer(self, row: ItemRow, n: int) -> str | list[Flowable]:
        """The answer cell: a plain string when it is one plain line, else paragraphs."""
        if row.kind == "answer" and not row.as_shown and row.answer != wording.NO_ANSWER:
            font = BOLD if row.highlighted else REGULAR
            shown = f"⚠ {row.answer}" if row.highlighted else row.answer
            if _one_line(shown, self.widths[2], font):
                if row.highlighted:
                    self.style.append(("FONT", (2, n), (2, n), BOLD, _SIZE, _LEADING))
                return shown
        return _answer_cell(row, self.section, self.styles)

    def _long_answer(self, number: str, question: str | Flowable, score: list[str],
                     row: ItemRow) -> None:
        self._flush()
        self.flowables.append(CondPageBreak(22 * mm))  # question and first lines stay together
        self.data = [[number, question, "", *score]]
        self.style = [("SPAN", (1, 0), (2, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0, colors.white)]
        self._flush()
        self.flowables += [
            Para(text(row.answer), self.styles.answer_block),
            HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=4, spaceAfter=0),
        ]

    def build(self) -> list[Flowable]:
        for row in self.section.rows:
            self.add(row)
        self._flush()
        self.flowables.append(HRFlowable(width="100%", thickness=0.8, color=INK, spaceBefore=0))
        return self.flowables


def section_flowables(section: FormSection, styles: Styles) -> list[Flowable]:
    """A form's heading, notes and answer table."""
    meta = (f"Form <b>{text(section.form_id)}</b> version {text(section.version)} · completed "
            f"{text(wording.moment_text(section.completed_at))}")
    parts: list[Flowable] = [
        CondPageBreak(40 * mm),
        Para(text(section.title), styles.section),
        Para(meta, styles.note),
    ]
    parts += [Para(text(note), styles.note) for note in section.notes]
    parts += [Spacer(1, 2 * mm), *_AnswerTable(section, styles).build(), Spacer(1, 7 * mm)]
    return parts

