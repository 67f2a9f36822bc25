"""The same visit summary content as a SurveyJS survey + data, for rendering with survey-pdf.

Page 1 gets what our PDF puts there (identity, the "Needs attention" box, the score table)
as SurveyJS ``html`` elements, the only way SurveyJS shows free content; each form
follows as a page of questions with the patient's answers as survey data.
"""

from __future__ import annotations

from html import escape
from typing import Any

from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.forms.scoring import item_score, visible_items
from kiosk.intake.submission import Submission
from kiosk.report import wording
from kiosk.report.summary import form_title, score_rows

_INPUT_TYPES = {ItemType.date: "date", ItemType.time: "time", ItemType.phone: "tel",
                ItemType.number: "number"}


def _question(form: FormDefinition, item: Item, name: str, score: int | None) -> dict[str, Any]:
    title = item.text.en + (f" — score {score}" if score is not None else "")
    if item.type is ItemType.info:
        return {"type": "html", "name": name, "html": f"<p>{escape(item.text.en)}</p>"}
    if item.type is ItemType.yes_no:
        return {"type": "boolean", "name": name, "title": title, "labelTrue": "Yes", "labelFalse": "No"}
    if item.type in (ItemType.single_choice, ItemType.multiple_choice):
        return {"type": "radiogroup" if item.type is ItemType.single_choice else "checkbox",
                "name": name, "title": title,
                "choices": [{"value": o.code, "text": o.label.en} for o in form.options_of(item)]}
    if item.type is ItemType.signature:
        return {"type": "signaturepad", "name": name, "title": title}
    if item.type is ItemType.text and (item.max_length or 0) > 200:
        return {"type": "comment", "name": name, "title": title}
    question = {"type": "text", "name": name, "title": title}
    if item.type in _INPUT_TYPES:
        question["inputType"] = _INPUT_TYPES[item.type]
    return question


def _front_page(submission: Submission, library: FormLibrary, previous: Submission | None) -> dict[str, Any]:
    flags = "".join(
        f"<li><b>{f.severity.upper()}</b> — {escape(form_title(library, f.form))}: {escape(f.message)}</li>"
        for f in submission.flags
    )
    attention = (f'<div style="border:2px solid #a50e1a;background:#fbe9ea;padding:6px">'
                 f"<h3>⚠ NEEDS ATTENTION</h3><ul>{flags}</ul></div>") if flags else "<p>✓ No flags</p>"
    rows = "".join(
        f"<tr><td>{escape(r.form_title)}</td><td>{escape(r.score_title)}</td><td>{r.value}</td>"
        f"<td>{r.low}–{r.high}</td><td>{escape(r.band)}</td><td>{escape(r.change or '')}</td></tr>"
        for r in score_rows(submission, library, previous)
    )
    scores = ("<table><tr><th>Form</th><th>Score</th><th>Result</th><th>Possible</th><th>Band</th>"
              f"<th>Change</th></tr>{rows}</table>")
    return {"name": "summary", "elements": [
        {"type": "html", "name": "attention", "html": attention},
        {"type": "html", "name": "scores", "html": scores},
    ]}


def survey_input(submission: Submission, library: FormLibrary, previous: Submission | None,
                 clinic: str) -> dict[str, Any]:
    """``{"survey", "data", "header", "footer"}`` for bench/survey_pdf_bench.js."""
    patient = submission.patient
    pages = [_front_page(submission, library, previous)]
    data: dict[str, Any] = {}
    for form_id, response in submission.responses.items():
        form = library.form(form_id)
        scored = {i for rule in form.scores for i in rule.items}
        shown = visible_items(form, response.answers)
        elements = []
        for item in shown:
            name = f"{form_id}__{item.id}"
            value = response.answers.get(item.id)
            score = item_score(form, item, value) if item.id in scored else None
            elements.append(_question(form, item, name, score))
            if item.type is not ItemType.info and value is not None:
                data[name] = value
        pages.append({"name": form_id, "title": f"{form.title.en} (v{response.version})",
                      "elements": elements})
    identity = (f"{patient.legal_name} · DOB {wording.day_text(patient.date_of_birth)} · "
                f"visit {wording.moment_text(submission.created_at)} · kiosk {submission.kiosk_id} · "
                f"language {wording.language_text(submission.language)}")
    versions = " · ".join(f"{f} v{v}" for f, v in submission.form_versions.items())
    return {
        "survey": {"title": clinic, "description": identity, "pages": pages,
                   "questionsOnPageMode": "standard", "showQuestionNumbers": "onPage"},
        "data": data,
        "header": f"Confidential — protected health information   {patient.legal_name}",
        "footer": f"Forms: {versions}",
    }
