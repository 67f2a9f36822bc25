"""The clinician's one-page-first PDF summary of a visit (reportlab platypus, no Qt).

Importing this module loads reportlab (about a quarter of a second), so callers that may
not render — the CLI, the export and print paths — import it inside the function.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Spacer

from kiosk.care.series import build_series
from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.report import wording
from kiosk.report.fonts import REGULAR
from kiosk.report.pdf_answers import section_flowables
from kiosk.report.pdf_front import page_one
from kiosk.report.pdf_text import LineBreaker
from kiosk.report.pdf_page import PageDecor, numbered_canvas
from kiosk.report.pdf_styles import (
    MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_SIZE, Para, build_styles,
)
from kiosk.report.summary import form_sections, marked_answers, score_rows
from kiosk.settings import Settings


def _decor(submission: Submission, now: dt.datetime) -> PageDecor:
    patient = submission.patient
    versions = " · ".join(f"{form} v{version}" for form, version in submission.form_versions.items())
    return PageDecor(
        patient=f"{patient.legal_name} · DOB {wording.day_text(patient.date_of_birth)}",
        forms=f"Forms: {versions}" if versions else "Forms: none",
        generated=wording.moment_text(now),
    )


def render_summary(
    submission: Submission,
    library: FormLibrary,
    settings: Settings,
    previous: Submission | None = None,
    now: dt.datetime | None = None,
    history: Sequence[Submission] = (),
) -> bytes:
    """The PDF bytes of a visit's clinician summary; ``previous`` adds score changes and
    ``history``, the patient's visits up to this one (``kiosk.care.history.visits_upto``), the
    trend charts."""
    now = now or dt.datetime.now(dt.timezone.utc)
    styles = build_styles()
    sections = form_sections(submission, library)
    breaker = LineBreaker()  # one per render: its word widths must not outlive this PDF
    story, overflow = page_one(submission, library, settings, styles, score_rows(submission, library, previous),
                               marked_answers(sections, library), previous, breaker,
                               build_series(history, library))
    if sections or overflow:
        story.append(PageBreak())
        story += overflow
    if sections:
        story.append(Para("Answers", styles.patient))
    for n, section in enumerate(sections):
        # Gaps only between forms: one after the last could spill onto a page of its own.
        story += [Spacer(1, 7 * mm)] if n else []
        story += section_flowables(section, styles, breaker)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=f"Clinician visit summary {str(submission.id)[:8]}",
        author=settings.clinic_name, subject="Confidential — protected health information",
        creator="Lobby Kiosk",
        initialFontName=REGULAR,  # else every page references Helvetica, which is not embedded
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=numbered_canvas(_decor(submission, now)))
    return buffer.getvalue()
