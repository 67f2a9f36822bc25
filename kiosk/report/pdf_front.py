"""Page 1 of the summary: who and when, what needs attention, and the scores at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from kiosk.care.series import ScoreSeries
from kiosk.forms.loader import FormLibrary
from kiosk.forms.scoring import RaisedFlag
from kiosk.intake.submission import Submission
from kiosk.report import wording
from kiosk.report.pdf_fit import fit_page_one
from kiosk.report.pdf_rows import Cell, Row, RowLook, RowTable, TextBlock, text_block
from kiosk.report.pdf_styles import (
    ALERT, ALERT_TINT, HEADER_BG, HEIGHT, INK, OK_TINT, RULE, WIDTH, Para, Styles, table, text,
)
from kiosk.report.pdf_text import LineBreaker, TextStyle
from kiosk.report.pdf_trends import trend_flowables
from kiosk.report.summary import MarkedAnswer, ScoreRow, flag_groups, form_title
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


def identity(submission: Submission, styles: Styles, breaker: LineBreaker) -> list[Flowable]:
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
    cells = [Cell((TextBlock(breaker.lines(title, label, width - 6), label),
                   TextBlock(breaker.lines(fact, value, width - 6), value)))
             for (title, fact), width in zip(facts, widths * 2)]
    look = RowLook(pad_top=1, pad_bottom=5, pad_left=0)
    grid = RowTable(widths, [Row(tuple(cells[0:3]), look), Row(tuple(cells[3:6]), look)], None,
                    HEIGHT)
    return [Para(name, styles.patient), Spacer(1, 2 * mm), grid]


def ordered_flags(flags: list[RaisedFlag]) -> list[RaisedFlag]:
    """The flags in the box's reading order: by group (crisis first), critical before warning."""
    return [f for group in flag_groups(flags) for f in group.flags]


def attention_box(flags: list[RaisedFlag], library: FormLibrary, styles: Styles,
                  breaker: LineBreaker, *, of: list[RaisedFlag] | None = None, more: int = 0,
                  continued: bool = False) -> Flowable:
    """The red "Needs attention" box with every flag grouped by category (crisis, infusion
    hold, clinical), or a plain "No flags" box. ``of``: all the visit's flags, counted in the
    heading when ``flags`` are only some of them; ``more``: how many continue on page 2."""
    flag, bold = TextStyle.of(styles.flag), TextStyle.of(styles.flag_bold)
    if not flags:
        look = RowLook(background=OK_TINT, pad_left=8, pad_top=6, pad_bottom=3)
        rows = [Row((Cell((text_block(breaker, "✓ No flags", TextStyle.of(styles.ok), WIDTH,
                                      pad=14),)),), look),
                Row((Cell((text_block(breaker, "None of the answered forms raised a critical or "
                                      "warning flag.", flag, WIDTH, pad=14),)),),
                    replace(look, pad_top=3, pad_bottom=7))]
        return RowTable([WIDTH], rows, None, HEIGHT, box=(1.2, INK))
    every = of if of is not None else flags
    critical = sum(1 for f in every if f.severity == "critical")
    counts = ", ".join(part for part in (
        f"{critical} critical" if critical else "",
        f"{len(every) - critical} warning" + ("s" if len(every) - critical > 1 else "")
        if len(every) > critical else "",
    ) if part)
    widths = [30 * mm, WIDTH - 30 * mm]
    pads = RowLook(pad_left=7, pad_top=4, pad_bottom=5)
    title = "⚠ NEEDS ATTENTION (continued from page 1)" if continued else f"⚠ NEEDS ATTENTION — {counts}"
    head = Row((Cell((text_block(breaker, title, TextStyle.of(styles.alert_head), WIDTH, pad=13),), span=2),),
               replace(pads, background=ALERT))
    grouped: list[Row] = []
    for group in flag_groups(flags):
        grouped.append(Row((Cell((text_block(breaker, group.title, bold, WIDTH, pad=13),), span=2),),
                        replace(pads, background=HEADER_BG, rule_below=(0.4, RULE))))
        grouped += [Row((
            Cell((text_block(breaker, _SEVERITY_WORD.get(f.severity, f.severity.upper()), bold,
                             widths[0], pad=13),)),
            Cell((text_block(breaker, f.message, flag, widths[1], pad=13,
                             lead=(f"{form_title(library, f.form)}:", bold)),)),
        ), replace(pads, background=ALERT_TINT, rule_below=(0.4, RULE))) for f in group.flags]
    if more:
        words = f"▼ {more} more flag{'s' if more > 1 else ''} continued on page 2, before the answers"
        grouped.append(Row((Cell((text_block(breaker, words, bold, WIDTH, pad=13),), span=2),),
                           replace(pads, background=HEADER_BG)))
    return RowTable(widths, grouped, head, HEIGHT, box=(2, ALERT))


def score_table(rows: list[ScoreRow], previous: Submission | None, styles: Styles,
                breaker: LineBreaker) -> list[Flowable]:
    """Form, score, possible range, band and the change since the previous visit.

    Drawn as plain rows (pdf_rows), like page 1's other tables: every cell is one style,
    and a Paragraph per cell made them a large share of the render time.
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


def marked_table(marked: list[MarkedAnswer], styles: Styles, breaker: LineBreaker
                 ) -> list[Flowable]:
    """Answers the forms mark for review (safety screen), compactly, under the scores."""
    if not marked:
        return []
    small, bold = TextStyle.of(styles.small), TextStyle.of(styles.small_bold)
    widths = [WIDTH - 56 * mm, 56 * mm]
    look = RowLook(rule_below=(0.4, RULE), pad_top=2, pad_bottom=3)
    rows = [Row((
        Cell((text_block(breaker, mark.question, small, widths[0],
                         lead=(f"{mark.form_title} {mark.number}.", bold)),)),
        Cell((text_block(breaker, f"⚠ {mark.answer}", bold, widths[1]),)),
    ), look) for mark in marked]
    return [
        Spacer(1, 5 * mm), Para("Answers marked for review", styles.section),
        Spacer(1, 1 * mm), RowTable(widths, rows, None, HEIGHT, box=(0.8, INK)),
    ]


def not_asked_notes(submission: Submission, library: FormLibrary, styles: Styles) -> list[Flowable]:
    """One line per form the protocol's every-N-days rule left out, so no one reads its
    absence as a missed screen."""
    notes: list[Flowable] = []
    for skipped in submission.not_asked:
        form = library.forms.get(skipped.form)
        title = (form.short_title or form.title).en if form is not None else skipped.form
        notes += [Para(skipped.note(title), styles.note), Spacer(1, 2 * mm)]
    return notes


def page_one(submission: Submission, library: FormLibrary, settings: Settings, styles: Styles,
             rows: list[ScoreRow], marked: list[MarkedAnswer],
             previous: Submission | None, breaker: LineBreaker,
             trends: Sequence[ScoreSeries] = ()) -> tuple[list[Flowable], list[Flowable]]:
    """Page 1 in reading order, and the flags that continue at the top of page 2 (pdf_fit
    says when and why); ``breaker`` is the render's (see pdf_text); ``trends``, the patient's
    score series up to this visit, add the trend charts."""
    flags = ordered_flags(submission.flags)
    top = [header(settings, styles), Spacer(1, 4 * mm), *identity(submission, styles, breaker), Spacer(1, 5 * mm)]

    def box(shown: int, more: int) -> Flowable:
        return attention_box(flags[:shown], library, styles, breaker, of=flags, more=more)

    def rest(level: int) -> tuple[list[Flowable], list[Flowable]]:
        """Page 1 after the flags at crowding ``level`` (pdf_fit), and what moves to page 2."""
        review = marked_table(marked, styles, breaker)
        scores = [Para("Scores", styles.section), Spacer(1, 1 * mm), *score_table(rows, previous, styles, breaker)]
        charts = trend_flowables(trends, styles, compact=level >= 1)
        on_page: list[Flowable] = [Spacer(1, (3 if level else 6) * mm), *scores, *charts]
        moved: list[Flowable] = []
        if level >= 2 and charts:
            on_page = [*charts, Spacer(1, 3 * mm),
                       Para("The score table (ranges, bands, change since the last visit) is on page 2.", styles.note)]
            moved += [KeepTogether(scores), Spacer(1, 6 * mm)]  # no "Scores" heading alone at a page foot
        if level >= 1 and review:
            on_page += [Spacer(1, 2 * mm), Para("Answers marked for review are on page 2.", styles.note)]
            moved += [*review[1:], Spacer(1, 6 * mm)]
        else:
            on_page += review
        closing = [] if level else [  # crowded: the footer's "Page 1 of N" says as much
            Para("Every question with the patient's answer follows on the next pages.", styles.note)]
        notes = not_asked_notes(submission, library, styles)
        gap = [Spacer(1, 4 * mm)] if notes or closing else []
        return [*on_page, *gap, *notes, *closing], moved

    def continued(shown: int) -> list[Flowable]:
        return [attention_box(flags[shown:], library, styles, breaker, continued=True), Spacer(1, 6 * mm)]

    if not trend_flowables(trends, styles):  # nothing to keep on page 1: every flag there, the rest flows on
        return [*top, box(len(flags), 0), *rest(0)[0]], []
    must = sum(1 for f in flags if f.severity == "critical")
    return fit_page_one(top, box, len(flags), must, rest, continued)
