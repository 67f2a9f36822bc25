"""Page 1 of the summary: who and when, what needs attention, and the scores at a glance."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer

from kiosk.forms.loader import FormLibrary
from kiosk.forms.scoring import RaisedFlag
from kiosk.intake.submission import Submission
from kiosk.report import wording
from kiosk.report.fonts import BOLD
from kiosk.report.pdf_rows import Cell, Row, RowLook, RowTable, TextBlock, text_block
from kiosk.report.pdf_styles import (
    ALERT, ALERT_TINT, HEADER_BG, HEIGHT, INK, OK_TINT, RULE, WIDTH, Para, Styles, table, text,
)
from kiosk.report.pdf_text import LineBreaker, TextStyle
from kiosk.report.summary import MarkedAnswer, ScoreRow, form_title
from kiosk.settings import Settings

_SEVERITY_WORD = {"critical": "■ CRITICAL", "warning": "▲ WARNING"}


def _logo(path: Path | None) -> Flowable | None:
    """The clinic's logo scaled to the header height; a missing file just leaves it out."""
    if path is None or not Path(path).is_file():
        return None
    from reportlab.lib.utils import ImageReader

    try:
        width, height = ImageReader(str(path)).getSize()
    except OSError:
        return None
    box = 14 * mm
    scale = min(box / height, 40 * mm / width)
    return Image(str(path), width=width * scale, height=height * scale)


def header(settings: Settings, styles: Styles) -> Flowable:
    """Clinic name and logo, and what this document is."""
    title = [Para(text(settings.clinic_name), styles.clinic),
             Para("Clinician summary of the patient's kiosk intake", styles.doc_title)]
    logo = _logo(settings.clinic_logo)
    if logo is None:
        return table([[title]], [WIDTH], [("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return table([[logo, title]], [44 * mm, WIDTH - 44 * mm], [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ])


def identity(submission: Submission, styles: Styles) -> list[Flowable]:
    """Patient name, date of birth and age, visit time, kiosk, language."""
    patient = submission.patient
    visit_day = wording.local_time(submission.created_at).date()
    name = text(patient.legal_name)
    if patient.preferred_name and patient.preferred_name != patient.legal_name:
        name += f' <font size="11">(prefers “{text(patient.preferred_name)}”)</font>'
    facts = [
        ("Date of birth", f"{wording.day_text(patient.date_of_birth)} · age {patient.age_on(visit_day)}"),
        ("Visit", wording.moment_text(submission.created_at)),
        ("Language used", wording.language_text(submission.language)),
        ("Kiosk", submission.kiosk_id),
        ("Phone", patient.phone or "—"),
        ("Reference", str(submission.id)[:8]),
    ]
    widths = [50 * mm, 72 * mm, WIDTH - 122 * mm]
    label, value = TextStyle.of(styles.label), TextStyle.of(styles.value)
    breaker = LineBreaker()
    cells = [Cell((TextBlock(breaker.lines(title, label, width - 6), label),
                   TextBlock(breaker.lines(fact, value, width - 6), value)))
             for (title, fact), width in zip(facts, widths * 2)]
    look = RowLook(pad_top=1, pad_bottom=5, pad_left=0)
    grid = RowTable(widths, [Row(tuple(cells[0:3]), look), Row(tuple(cells[3:6]), look)], None,
                    HEIGHT)
    return [Para(name, styles.patient), Spacer(1, 2 * mm), grid]


def attention_box(flags: list[RaisedFlag], library: FormLibrary, styles: Styles) -> Flowable:
    """The red "Needs attention" box with every flag, or a plain "No flags" box."""
    if not flags:
        return table(
            [[Para("✓ No flags", styles.ok)],
             [Para("None of the answered forms raised a critical or warning flag.",
                        styles.flag)]],
            [WIDTH],
            [("BOX", (0, 0), (-1, -1), 1.2, INK), ("BACKGROUND", (0, 0), (-1, -1), OK_TINT),
                   ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (0, 0), 6),
                   ("BOTTOMPADDING", (0, -1), (-1, -1), 7)],
        )
    critical = sum(1 for f in flags if f.severity == "critical")
    counts = ", ".join(part for part in (
        f"{critical} critical" if critical else "",
        f"{len(flags) - critical} warning" + ("s" if len(flags) - critical > 1 else "")
        if len(flags) > critical else "",
    ) if part)
    rows = [[Para(f"⚠ NEEDS ATTENTION — {counts}", styles.alert_head), ""]]
    for flag in flags:
        rows.append([
            Para(f"<b>{_SEVERITY_WORD.get(flag.severity, flag.severity.upper())}</b>",
                      styles.flag),
            Para(f"<b>{text(form_title(library, flag.form))}:</b> {text(flag.message)}",
                      styles.flag),
        ])
    return table(rows, [30 * mm, WIDTH - 30 * mm], [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), ALERT),
        ("BACKGROUND", (0, 1), (-1, -1), ALERT_TINT),
        ("BOX", (0, 0), (-1, -1), 2, ALERT),
        ("LINEBELOW", (0, 1), (-1, -2), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ])


def score_table(rows: list[ScoreRow], previous: Submission | None, styles: Styles,
                breaker: LineBreaker) -> list[Flowable]:
    """Form, score, possible range, band and the change since the previous visit.

    Drawn as plain rows (pdf_rows): every cell is one style, and a Paragraph per cell
    made this one table a tenth of the render time.
    """
    if not rows:
        return [Para("No scored questionnaires in this visit.", styles.body)]
    head = ["Form", "Score", "Result", "Possible range", "Band"]
    widths = [27 * mm, 40 * mm, 16 * mm, 20 * mm]
    change_width = 46 * mm if previous is not None else 0
    widths.append(WIDTH - sum(widths) - change_width)
    if previous is not None:
        head.append(f"Change since {wording.day_text(wording.local_time(previous.created_at).date())}")
        widths.append(change_width)
    body, bold = TextStyle.of(styles.body), TextStyle.of(styles.body_bold)
    columns = [bold, body, TextStyle.of(styles.value), body, bold, body]

    def row(values: list[str], looks: list[TextStyle], look: RowLook) -> Row:
        return Row(tuple(Cell((text_block(breaker, value, style, width),))
                         for value, style, width in zip(values, looks, widths)), look)

    lines = RowLook(rule_below=(0.4, RULE), pad_bottom=3)
    table_rows = [row([
        "" if score.sub_score else score.form_title,
        ("↳ " if score.sub_score else "") + score.score_title,
        str(score.value), f"{score.low}–{score.high}", score.band, score.change or "",
    ], columns, lines) for score in rows]
    header = row(head, [TextStyle.of(styles.cell_head)] * len(head),
                 RowLook(background=HEADER_BG, rule_below=(0.4, RULE), pad_bottom=3))
    no_previous = [] if previous is not None else [
        Spacer(1, 1.5 * mm),
        Para("No earlier visit of this patient on record: no change shown.", styles.note),
    ]
    return [RowTable(widths, table_rows, header, HEIGHT, box=(0.8, INK)), *no_previous]


def marked_table(marked: list[MarkedAnswer], styles: Styles) -> list[Flowable]:
    """Answers the forms mark for review (safety screen), compactly, under the scores."""
    if not marked:
        return []
    data = [[Para(f"<b>{text(mark.form_title)} {text(mark.number)}.</b> {text(mark.question)}",
                       styles.small),
             Para(f"⚠ {text(mark.answer)}", styles.small_bold)] for mark in marked]
    return [
        Spacer(1, 5 * mm), Para("Answers marked for review", styles.section),
        Spacer(1, 1 * mm),
        table(data, [WIDTH - 56 * mm, 56 * mm], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.8, INK), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]),
    ]


def page_one(submission: Submission, library: FormLibrary, settings: Settings, styles: Styles,
             rows: list[ScoreRow], marked: list[MarkedAnswer],
             previous: Submission | None) -> list[Flowable]:
    """Everything on page 1, in reading order."""
    return [
        header(settings, styles), Spacer(1, 4 * mm),
        *identity(submission, styles), Spacer(1, 5 * mm),
        attention_box(submission.flags, library, styles), Spacer(1, 6 * mm),
        Para("Scores", styles.section), Spacer(1, 1 * mm),
        *score_table(rows, previous, styles, LineBreaker()), *marked_table(marked, styles), Spacer(1, 4 * mm),
        Para("Every question with the patient's answer follows on the next pages.",
                  styles.note),
    ]
