"""What the clinician summary shows, as plain data: built once, then laid out by pdf.py.

Keeping the content separate from the layout lets the tests check what is said without
parsing a PDF, and lets a staff screen show the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from kiosk.forms.checks import possible_range
from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.forms.scoring import ConditionEvaluator, item_score, visible_answers
from kiosk.forms.variants import item_text
from kiosk.intake.submission import FormResponse, Submission
from kiosk.report import wording

RowKind = Literal["answer", "not_asked", "info", "signature"]


@dataclass(frozen=True)
class ScoreRow:
    """One line of the page-1 score table."""

    form_title: str
    score_title: str
    value: int
    low: int
    high: int
    band: str
    change: str | None
    sub_score: bool


@dataclass(frozen=True)
class ItemRow:
    """One question of a form with the patient's answer, as the answer pages list it."""

    number: str
    question: str
    answer: str
    kind: RowKind = "answer"
    as_shown: str | None = None
    score: str = ""
    highlighted: bool = False
    marked: bool = False
    signature: bytes | None = None


@dataclass(frozen=True)
class FormSection:
    """One answered form on the answer pages."""

    form_id: str
    title: str
    version: str
    completed_at: dt.datetime
    scored: bool
    notes: list[str] = field(default_factory=list)
    rows: list[ItemRow] = field(default_factory=list)
    digest: str | None = None
    """sha256 of the definition whose wording the section shows (None: not known)."""


def _is_scored(form: FormDefinition, item: Item) -> bool:
    """Only items a score rule counts show a score; yes/no's default points would mislead."""
    return any(item.id in rule.items for rule in form.scores)


def _band_label(form: FormDefinition, score_id: str, band_id: str | None) -> str:
    if band_id is None:
        return "—"
    band = form.score_rule(score_id).band(band_id)
    return band.label.en if band is not None else band_id


def form_title(library: FormLibrary, form_id: str) -> str:
    """The short English title of a form (its id if the library no longer has it)."""
    form = library.forms.get(form_id)
    if form is None:
        return form_id
    return (form.short_title or form.title).en


def score_rows(
    submission: Submission, library: FormLibrary, previous: Submission | None
) -> list[ScoreRow]:
    """Every score of the visit, sub-scores right after their form's first score."""
    rows: list[ScoreRow] = []
    for form_id, response in submission.responses.items():
        form = library.forms.get(form_id)
        if form is None:
            continue
        before = previous.responses.get(form_id) if previous else None
        for n, rule in enumerate(form.scores):
            value = response.scores.get(rule.id)
            if value is None:
                continue
            low, high = possible_range(form, rule)
            change = None
            if previous is not None:
                old = before.scores.get(rule.id) if before else None
                change = wording.change_text(value.value, old.value if old else None)
            rows.append(ScoreRow(
                form_title=form_title(library, form_id), score_title=rule.title.en,
                value=value.value, low=low, high=high,
                band=_band_label(form, rule.id, value.band), change=change, sub_score=n > 0,
            ))
    return rows


@dataclass(frozen=True)
class MarkedAnswer:
    """An answer the form marks for review, repeated on page 1 (flags are there already)."""

    form_title: str
    number: str
    question: str
    answer: str


def flagged_items(form: FormDefinition, response: FormResponse, context: VisitContext = NO_CONTEXT) -> set[str]:
    """Items whose own answer satisfies a condition of a flag this response raised.

    Uses the forms engine's evaluator so the PDF highlights exactly what raised the flag
    (e.g. PHQ-9 item 9), not a re-implementation of the rules.
    """
    raised = {f.id for f in response.flags}
    evaluator = ConditionEvaluator(form, visible_answers(form, response.answers, context), context)
    return {
        cond.item
        for flag in form.flags if flag.id in raised
        for cond in flag.when if cond.item is not None and evaluator.holds(cond)
    }


def _item_row(form: FormDefinition, item: Item, number: int, response: FormResponse,
              shown: Mapping[str, object], language: str, scored_form: bool,
              flagged: set[str], context: VisitContext) -> ItemRow:
    question = item_text(form, item, response.answers, context).en  # the wording the patient saw
    if item.type is ItemType.info:
        return ItemRow(number="", question=question, answer="", kind="info")
    if item.id not in shown:
        return ItemRow(number=str(number), question=question,
                       answer="Not asked (skipped by the form's rules)", kind="not_asked")
    value = response.answers.get(item.id)
    answer = wording.answer_text(form, item, value)
    as_shown = None
    if language != "en" and item.type in (ItemType.single_choice, ItemType.yes_no,
                                          ItemType.multiple_choice) and wording.is_answered(value):
        as_shown = wording.answer_text(form, item, value, language)
        as_shown = None if as_shown == answer else as_shown
    score = ""
    if scored_form:
        score = str(item_score(form, item, value)) if _is_scored(form, item) else "—"
    signature = wording.signature_png(value) if item.type is ItemType.signature else None
    return ItemRow(
        number=str(number), question=question, answer=answer,
        kind="signature" if signature else "answer", as_shown=as_shown, score=score,
        highlighted=wording.is_highlighted(item, value) or item.id in flagged,
        marked=wording.is_highlighted(item, value),
        signature=signature,
    )


def form_section(form: FormDefinition, response: FormResponse, language: str,
                 context: VisitContext = NO_CONTEXT, digest: str | None = None,
                 origin: str | None = None) -> FormSection:
    """The answer-page section of one form: every question in English with its answer.

    ``digest`` is the hash of ``form``'s definition; ``origin`` a note on where it came from.
    """
    notes = [origin] if origin else []
    if response.version != form.version:
        notes.append(f"Answered on version {response.version}; the wording shown is version "
                     f"{form.version}.")
    if language != "en":
        notes.append(f"Answered in {wording.language_text(language)}. Questions and choices are "
                     "shown in English, each choice followed by the wording the patient tapped; "
                     "typed text is as the patient wrote it.")
    shown = visible_answers(form, response.answers, context)
    scored = bool(form.scores)
    flagged = flagged_items(form, response, context)
    rows: list[ItemRow] = []
    number = 0
    for item in form.items:
        if item.type is not ItemType.info:
            number += 1
        rows.append(_item_row(form, item, number, response, shown, language, scored, flagged, context))
    return FormSection(form_id=form.id, title=form.title.en, version=response.version,
                       completed_at=response.completed_at, scored=scored, notes=notes, rows=rows,
                       digest=digest)


def unknown_form_section(response: FormResponse) -> FormSection:
    """A form the library no longer holds: its raw answers, so nothing is hidden."""
    rows = [ItemRow(number=str(n), question=item_id, answer=repr(value))
            for n, (item_id, value) in enumerate(response.answers.items(), start=1)]
    return FormSection(
        form_id=response.form, title=response.form, version=response.version,
        completed_at=response.completed_at, scored=False,
        notes=["This form is not in the current form library; raw item ids and codes shown."],
        rows=rows,
    )


def form_sections(submission: Submission, library: FormLibrary) -> list[FormSection]:
    """One section per answered form, in the order the patient answered them."""
    sections = []
    for form_id, response in submission.responses.items():
        form = library.forms.get(form_id)
        if form is None:
            sections.append(unknown_form_section(response))
        else:
            sections.append(form_section(form, response, submission.language, submission.context(),
                                         library.canonical(form_id).digest, library.notes.get(form_id)))
    return sections


def marked_answers(sections: list[FormSection], library: FormLibrary) -> list[MarkedAnswer]:
    """Every answer a form marks with ``highlight`` (e.g. the safety screen), in form order."""
    return [
        MarkedAnswer(form_title=form_title(library, section.form_id), number=row.number,
                     question=row.question, answer=row.answer)
        for section in sections for row in section.rows if row.marked
    ]
