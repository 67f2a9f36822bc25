"""The hand-made row table of the answer pages: line breaks, page splits, rows kept together."""

from __future__ import annotations

import io
import random
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from kiosk.forms import FormLibrary, load_library
from kiosk.intake.visit import build_submission
from kiosk.report.fonts import REGULAR
from kiosk.report.pdf import render_summary
from kiosk.report.pdf_rows import Cell, Row, RowLook, RowTable, TextBlock, text_block
from kiosk.report.pdf_styles import HEIGHT, MARGIN_BOTTOM, MARGIN_X, PAGE_SIZE, WIDTH, build_styles
from kiosk.report.pdf_text import LineBreaker, TextStyle
from kiosk.settings import Settings
from kiosk.report.pdf_page import CONFIDENTIAL
from tests.report.conftest import (
    TABLE_HEAD, VISIT_TIME, body_text, flat, make_visit, page_texts,
)
from tests.report.full_visit import full_visit
from tests.report.sample_forms import long_text_form, write_forms

WORDS = ("ketamine infusion appointment sister Núñez driving morning tired anxious a I "
         "breakfast coffee medication pharmacy Zoë Nguyễn worried sleep walked garden").split()
_STYLES = build_styles()
BODY = TextStyle.of(_STYLES.body)
LINE = RowLook(rule_below=(0.4, BODY.color))


def test_lines_break_where_a_paragraph_breaks_them() -> None:
    rng = random.Random(11)
    breaker = LineBreaker()
    for _ in range(200):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60)))
        width = rng.uniform(60, 500)
        paragraph = Paragraph(text, _STYLES.body)
        paragraph.wrap(width, 10_000)
        expected = tuple(" ".join(words) for _, words in paragraph.blPara.lines)
        assert breaker.lines(text, BODY, width) == expected, (text, width)


def test_newlines_and_blank_lines_are_kept() -> None:
    lines = LineBreaker().lines("first  line\n\nthird\tline ", BODY, 400)
    assert lines == ("first line", "", "third line")


def test_word_without_spaces_is_cut_to_the_column() -> None:
    word = "Núñez" * 60
    lines = LineBreaker().lines(f"see {word} end", BODY, 120)
    assert "".join(lines).replace(" ", "") == f"see{word}end"
    assert len(lines) > 5
    assert all(stringWidth(line, BODY.font, BODY.size) <= 120 for line in lines)


def _render(table: RowTable) -> list[str]:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                          bottomMargin=MARGIN_BOTTOM,
                          topMargin=PAGE_SIZE[1] - HEIGHT - MARGIN_BOTTOM,
                          initialFontName=REGULAR)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(frames=[frame])])
    doc.build([table])
    return page_texts(buffer.getvalue())


def _rows(part: Flowable) -> list[Row]:
    assert isinstance(part, RowTable)
    return part.rows


def _row(breaker: LineBreaker, widths: list[float], *values: str, **keep: bool) -> Row:
    cells = tuple(Cell((text_block(breaker, value, BODY, width),))
                  for value, width in zip(values, widths))
    return Row(cells, LINE, **keep)


def test_row_taller_than_a_page_continues_line_by_line_under_a_repeated_header() -> None:
    breaker = LineBreaker()
    widths = [40.0, WIDTH - 40]
    tall = "\n".join(f"line-{n:03d} of the tall cell" for n in range(150))
    rows = [_row(breaker, widths, "1", "short question"), _row(breaker, widths, "2", tall),
            _row(breaker, widths, "3", "after the tall row")]
    pages = _render(RowTable(widths, rows, _row(breaker, widths, "#", "Heading"), HEIGHT))
    assert len(pages) >= 3
    assert all(flat(page).startswith("# Heading") for page in pages)
    text = flat(" ".join(pages)).replace("# Heading ", "")
    tall_lines = (f"line-{n:03d} of the tall cell" for n in range(150))
    expected = " ".join(["1 short question 2", *tall_lines, "3 after the tall row"])
    assert text == expected


def test_rows_move_whole_unless_splittable() -> None:
    breaker = LineBreaker()
    widths = [40.0, WIDTH - 40]
    block = "\n".join(f"row line {n}" for n in range(6))
    rows = [_row(breaker, widths, str(n), block) for n in range(3)]
    table = RowTable(widths, rows, None, HEIGHT)
    first, rest = table.split(WIDTH, rows[0].height * 1.5)
    assert _rows(first) == rows[:1]  # the second row does not fit whole: it moves
    assert len(_rows(rest)) == 2
    splittable = [Row(row.cells, row.look, splittable=True) for row in rows]
    first, rest = RowTable(widths, splittable, None, HEIGHT).split(WIDTH, rows[0].height * 1.5)
    parts = [r.cells[1].blocks[0] for r in (*_rows(first), _rows(rest)[0])]
    whole = rows[1].cells[1].blocks[0]
    assert isinstance(parts[1], TextBlock) and isinstance(parts[2], TextBlock)
    assert isinstance(whole, TextBlock)
    assert parts[1].lines + parts[2].lines == whole.lines
    assert len(parts[1].lines) >= 2


def test_kept_rows_stay_together_across_the_page_break() -> None:
    breaker = LineBreaker()
    widths = [40.0, WIDTH - 40]
    consent = _row(breaker, widths, "1", "I agree")
    signature = _row(breaker, widths, "2", "Signed", keep_with_previous=True)
    filler = _row(breaker, widths, "0", "filler")
    table = RowTable(widths, [filler, consent, signature], None, HEIGHT)
    room = filler.height + consent.height + signature.height / 2  # consent fits, signature not
    first, rest = table.split(WIDTH, room)
    assert _rows(first) == [filler]
    assert _rows(rest) == [consent, signature]
    question = _row(breaker, widths, "5", "Tell us more", keep_with_next=True)
    answer = Row(_row(breaker, widths, "", "many words " * 80).cells, LINE, splittable=True)
    table = RowTable(widths, [filler, question, answer], None, HEIGHT)
    first, rest = table.split(WIDTH, filler.height + question.height + BODY.leading)
    assert _rows(first) == [filler]  # not a question alone at the foot
    assert _rows(rest) == [question, answer]


def test_answers_without_spaces_wrap_inside_their_cells(tmp_path: Path) -> None:
    library = load_library(write_forms(tmp_path / "forms", long_text_form(3)))
    short = "W" * 80  # under the long-answer length: stays in the answer column
    long = "Zoë" + "x" * 3000  # a long answer: the full width under its question
    visit = make_visit(library, {"journal": {"t0": short, "t1": long, "t2": "done"}})
    pdf = render_summary(visit, library, Settings(clinic_name="Clinic"))
    text = body_text(pdf)
    assert short in text.replace(" ", "")
    assert long in text.replace(" ", "")
    assert "3 Journal question number 2 done" in text
    right_edge = MARGIN_X + WIDTH - 6  # the cell's right padding
    ends = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        pieces: list[tuple[str, float]] = []
        page.extract_text(visitor_text=lambda t, cm, tm, font, size: pieces.append(
            (t, cm[4] + tm[4] * cm[0])))
        ends += [x + stringWidth(piece.strip(), BODY.font, BODY.size)
                 for piece, x in pieces if piece.strip() and set(piece.strip()) <= {"W", "x"}]
    assert len(ends) > 10
    assert max(ends) <= right_edge + 0.01
    assert max(ends) > right_edge - 10  # the lines do fill the width


def test_no_page_is_left_with_only_its_header_and_footer(tmp_path: Path) -> None:
    """A table ending at the very foot of a page once pushed its closing rule (and then the
    gap after the form) onto a page of their own."""
    library = load_library(write_forms(tmp_path / "forms", long_text_form(6, max_length=12_000)))
    rng = random.Random(3)
    words = ("ketamine infusion appointment sister Núñez driving morning tired anxious hopeful "
             "breakfast coffee").split()

    def para(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    answers = {"t0": para(80), "t1": "\n".join(para(100) for _ in range(14)), "t2": "short",
               "t3": "Q" * 400, "t4": para(50), "t5": "W" * 80}
    visit = make_visit(library, {"journal": answers}, name="Zoë Nguyễn")
    pages = page_texts(render_summary(visit, library, Settings(clinic_name="Clinic")))
    assert len(pages) == 4
    for page in pages:
        body = flat(page[: page.rfind(CONFIDENTIAL)])
        assert TABLE_HEAD.sub("", body).strip(), "a page without any body text"
    assert "6 Journal question number 5" in body_text(render_summary(visit, library,
                                                                      Settings(clinic_name="C")))


def test_a_bold_lead_wraps_with_its_text_and_is_drawn_bold(library: FormLibrary) -> None:
    bold = TextStyle.of(_STYLES.body_bold)
    breaker = LineBreaker()
    lead = "Alcohol Use Disorders Identification Test:"
    lines = breaker.lines("two or more points " * 6, BODY, 250, (lead, bold))
    assert lines[0].startswith(lead) and len(lines) > 2
    rest = lines[0].removeprefix(lead).strip()
    assert (stringWidth(lead, bold.font, bold.size) + stringWidth(f" {rest}", BODY.font, BODY.size)
            <= 250 + 0.05 * 6 * stringWidth(" ", BODY.font, BODY.size))
    block = TextBlock(("one two three", "four five"), BODY, bold, 4)  # the lead runs over a line
    head, tail = block.cut(1)
    assert (head.lines, head.lead_words, tail.lines, tail.lead_words) == (
        ("one two three",), 3, ("four five",), 1)

    visit = build_submission(library, full_visit(), kiosk_id="lobby-1", now=VISIT_TIME)
    pdf = render_summary(visit, library, Settings(clinic_name="Clinic"))
    fonts: dict[str, set[str]] = {}
    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=lambda t, cm, tm, font, size: (
        fonts.setdefault(t.strip(), set()).add(str(font["/BaseFont"]) if font else "")))
    assert fonts["PHQ-9:"] == {"/AAAAAA+DejaVuSans-Bold"}
    message = next(t for t in fonts if t.startswith("PHQ-9 item 9 positive"))
    assert fonts[message] == {"/AAAAAA+DejaVuSans"}
