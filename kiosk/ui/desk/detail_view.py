"""One submission in full for the front desk: flags first, then scores, then every answer."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from kiosk.forms.display import answer_rows
from kiosk.intake import AnsweredVisit
from kiosk.report.summary import flag_groups
from kiosk.ui.desk.queue_model import scores_text

EMPTY_HINT = "Select a check-in to see every answer."


def submission_html(visit: AnsweredVisit) -> str:
    """The detail page as simple HTML (QTextBrowser's rich-text subset), in the wording of the
    forms as the visit was answered."""
    submission, library = visit.submission, visit.library
    p = submission.patient
    created = submission.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    parts = [
        f"<h2>{escape(p.legal_name)}</h2>",
        f"<p>Born {p.date_of_birth.isoformat()}"
        + (f" · prefers “{escape(p.preferred_name)}”" if p.preferred_name else "")
        + (f" · {escape(p.phone)}" if p.phone else "")
        + (f" · MRN {escape(p.mrn)}" if p.mrn else "")
        + f"<br>Checked in {created} · kiosk {escape(submission.kiosk_id)} · "
        f"language {submission.language}<br>{escape(submission.handling.line())}</p>",
    ]
    flags = submission.flags
    if flags:
        parts.append("<h3>Needs attention</h3>")
        for group in flag_groups(flags):  # by category, as on the PDF's page 1
            items = "".join(
                f"<li><b>{'CRITICAL' if f.severity == 'critical' else 'Warning'}</b> — {escape(f.message)}</li>"
                for f in group.flags
            )
            parts.append(f"<p><b>{escape(group.title)}</b></p><ul>{items}</ul>")
    else:
        parts.append("<h3>No flags</h3>")
    summary = scores_text(library, submission.scores_summary())
    if summary:
        parts.append(f"<h3>Scores</h3><p>{escape(summary)}</p>")
    context = submission.context(library.rules)  # so questions read as the patient saw them (USAUDIT item 3)
    for form_id, response in submission.responses.items():
        form = library.forms.get(form_id)
        if form is None:
            continue
        rows = "".join(
            f"<tr><td>{escape(r.question)}</td><td>{'<b>' if r.highlighted else ''}{escape(r.answer)}"
            f"{'</b> ◆' if r.highlighted else ''}</td><td>{'' if r.score is None else r.score}</td></tr>"
            for r in answer_rows(form, response.answers, "en", context)
        )
        note = library.notes.get(form_id)
        parts.append(
            f"<h3>{escape(form.title.en)} <small>(v{escape(response.version)} · "
            f"sha256 {library.canonical(form_id).short})</small></h3>"
            + (f"<p><i>{escape(note)}</i></p>" if note else "") +
            f"<table cellpadding='4' border='1' cellspacing='0' width='100%'>"
            f"<tr><th align='left'>Question</th><th align='left'>Answer</th><th align='left'>Score</th></tr>{rows}</table>"
        )
    return "".join(parts)


class DetailView(QTextBrowser):
    """Read-only view of the selected submission; cleared when nothing is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeskDetail")
        self.setPlaceholderText(EMPTY_HINT)  # shown whenever nothing is selected

    def show_history(self, visits: list[AnsweredVisit]) -> None:
        """Every earlier visit of one patient, newest first, separated by rules."""
        if not visits:
            self.setHtml("<h3>No visits found for that name and date of birth.</h3>")
            return
        header = f"<h2>History: {len(visits)} visit(s)</h2>"
        self.setHtml(header + "<hr>".join(submission_html(v) for v in visits))

    def show_submission(self, visit: AnsweredVisit | None) -> None:
        if visit is None:
            self.clear()
        else:
            self.setHtml(submission_html(visit))
