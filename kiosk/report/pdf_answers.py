"""The answer pages: each form's questions in English with the answer and the item score.

Each form's answers are one RowTable flowable (pdf_rows): a long free-text answer gets
the full width under its question and continues line by line over as many pages as it
needs, never cut off; a highlighted answer carries ⚠, bold type and a box, so its colour is
never the only signal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from kiosk.report import wording
from kiosk.report.pdf_rows import (
    Block, Cell, ImageBlock, Row, RowLook, RowTable, TextBlock, text_block,
)
from kiosk.report.pdf_styles import (
    HEADER_BG, HEIGHT, HIGHLIGHT, INK, RULE, SKIPPED_BG, WIDTH, Para, Styles, text,
)
from kiosk.report.pdf_text import LineBreaker, TextStyle
from kiosk.report.summary import FormSection, ItemRow

_NUMBER_W = 11 * mm
_SCORE_W = 14 * mm
_ANSWER_W = 66 * mm
_LONG_ANSWER = 90  # characters; longer typed answers get the full width under the question

_RULE = (0.4, RULE)
_PLAIN = RowLook(rule_below=_RULE)
_HEAD = RowLook(background=HEADER_BG, rule_above=(0.8, INK), rule_below=_RULE)
_MARKED = RowLook(background=HIGHLIGHT, box=(1.2, INK), rule_below=_RULE)
_SKIPPED = RowLook(background=SKIPPED_BG, rule_below=_RULE)
_QUESTION_ONLY = RowLook()  # its long answer follows right below, under the same rule
_LONG_TEXT = RowLook(pad_top=0, pad_bottom=6, rule_below=_RULE)


@dataclass(frozen=True)
class _Looks:
    """The text styles of the answer rows, taken from the paragraph styles."""

    body: TextStyle
    bold: TextStyle
    note: TextStyle
    number: TextStyle
    head: TextStyle

    @classmethod
    def of(cls, styles: Styles) -> _Looks:
        return cls(TextStyle.of(styles.body), TextStyle.of(styles.body_bold),
                   TextStyle.of(styles.note), TextStyle.of(styles.number),
                   TextStyle.of(styles.cell_head))


class _RowBuilder:
    """Turns a form section's item rows into answer rows with their text broken into lines."""

    def __init__(self, section: FormSection, styles: Styles, breaker: LineBreaker) -> None:
        self.section = section
        self.looks = _Looks.of(styles)
        self.breaker = breaker
        self.scored = section.scored
        self.widths = [_NUMBER_W, WIDTH - _NUMBER_W - _ANSWER_W - (_SCORE_W if self.scored else 0),
                       _ANSWER_W] + ([_SCORE_W] if self.scored else [])

    def _text(self, value: str, style: TextStyle, first: int, span: int = 1) -> TextBlock:
        return text_block(self.breaker, value, style, sum(self.widths[first:first + span]))

    def _cell(self, value: str, style: TextStyle, first: int, span: int = 1) -> Cell:
        return Cell((self._text(value, style, first, span),), span)

    def head(self) -> Row:
        looks = self.looks
        titles = ["Question (English)", "Answer", *(["Score"] if self.scored else [])]
        cells = [self._cell("#", TextStyle(looks.head.font, looks.head.size, looks.head.leading,
                                           looks.number.color), 0)]
        cells += [self._cell(title, looks.head, n) for n, title in enumerate(titles, start=1)]
        return Row(tuple(cells), _HEAD)

    def rows(self, item: ItemRow, first: bool) -> list[Row]:
        looks = self.looks
        if item.kind == "info":
            return [Row((self._cell(item.question, looks.body, 0, len(self.widths)),), _PLAIN)]
        number = self._cell(item.number, looks.number, 0)
        score = ([self._cell(item.score, looks.bold if item.highlighted else looks.body, 3)]
                 if self.scored else [])
        if item.kind == "answer" and len(item.answer) > _LONG_ANSWER and not item.highlighted:
            question = self._cell(item.question, looks.body, 1, span=2)
            answer = self._cell(item.answer, looks.body, 1, span=len(self.widths) - 1)
            return [Row((number, question, *score), _QUESTION_ONLY, keep_with_next=True),
                    Row((Cell(), answer), _LONG_TEXT, splittable=True)]
        look = _MARKED if item.highlighted else _SKIPPED if item.kind == "not_asked" else _PLAIN
        cells = (number, self._cell(item.question, looks.body, 1), self._answer(item), *score)
        return [Row(cells, look, keep_with_previous=item.kind == "signature" and not first)]

    def _answer(self, item: ItemRow) -> Cell:
        looks = self.looks
        blocks: list[Block]
        if item.kind == "signature":
            blocks = self._signature(item)
        elif item.kind == "not_asked":
            blocks = [self._text(item.answer, looks.note, 2)]
        elif item.highlighted:
            blocks = [self._text(f"⚠ {item.answer}", looks.bold, 2)]
        elif item.answer == wording.NO_ANSWER:
            blocks = [self._text(f"— {item.answer}", looks.note, 2)]
        else:
            blocks = [self._text(item.answer, looks.body, 2)]
        if item.as_shown:
            blocks.append(self._text(f"shown as: “{item.as_shown}”", looks.note, 2))
        return Cell(tuple(blocks))

    def _signature(self, item: ItemRow) -> list[Block]:
        from reportlab.lib.utils import ImageReader

        assert item.signature is not None
        reader = ImageReader(io.BytesIO(item.signature))
        width, height = reader.getSize()
        scale = min(_ANSWER_W * 0.95 / width, 24 * mm / height, 1.0)
        signed = f"{wording.SIGNED} {wording.moment_text(self.section.completed_at)}"
        blocks: list[Block] = [ImageBlock(reader, width * scale, height * scale), self._text(signed, self.looks.note, 2)]
        if item.answer != wording.SIGNED:  # a switch-access mark: staff witness it
            blocks.append(self._text(item.answer, self.looks.body, 2))
        return blocks


def answer_table(section: FormSection, styles: Styles, breaker: LineBreaker) -> RowTable:
    """A form's answer table: a header row, then one or two rows per question."""
    builder = _RowBuilder(section, styles, breaker)
    rows = [row for n, item in enumerate(section.rows) for row in builder.rows(item, n == 0)]
    if rows:  # the table's closing rule belongs to its last row: alone, it could take a page
        rows[-1] = replace(rows[-1], look=replace(rows[-1].look, rule_below=(0.8, INK)))
    return RowTable(builder.widths, rows, builder.head(), HEIGHT)


def section_flowables(section: FormSection, styles: Styles,
                      breaker: LineBreaker | None = None) -> list[Flowable]:
    """A form's heading, notes and answer table."""
    meta = (f"Form <b>{text(section.form_id)}</b> version {text(section.version)} · completed "
            f"{text(wording.moment_text(section.completed_at))}"
            + (f" · sha256 {text(section.digest[:12])}" if section.digest else ""))
    parts: list[Flowable] = [
        CondPageBreak(40 * mm),
        Para(text(section.title), styles.section),
        Para(meta, styles.note),
    ]
    if section.digest and any(row.kind == "signature" for row in section.rows):
        # A signed text is shown exactly as signed; its full hash lets anyone check that.
        parts.append(Para(f"Signed text: form definition sha256 {text(section.digest)}", styles.note))
    parts += [Para(text(note), styles.note) for note in section.notes]
    parts += [Spacer(1, 2 * mm), answer_table(section, styles, breaker or LineBreaker())]
    return parts
