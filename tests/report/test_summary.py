"""What the summary says, checked on its plain-data form (no PDF involved)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report import wording
from kiosk.report.summary import flagged_items, form_sections, marked_answers, score_rows
from tests.report.full_visit import VISIT_TIME, full_visit, previous_visit


def _visits(library: FormLibrary) -> tuple[Submission, Submission]:
    visit = build_submission(library, full_visit(), kiosk_id="k", now=VISIT_TIME)
    before = build_submission(library, previous_visit(), kiosk_id="k",
                              now=VISIT_TIME - dt.timedelta(days=28))
    return visit, before


def test_score_rows_keep_sub_scores_beside_their_total(library: FormLibrary) -> None:
    visit, before = _visits(library)
    rows = score_rows(visit, library, before)
    assert [(r.form_title, r.score_title, r.sub_score) for r in rows[:2]] == [
        ("USAUDIT", "USAUDIT total", False), ("USAUDIT", "USAUDIT-C (items 1-3)", True)]
    audit = rows[0]
    assert (audit.value, audit.low, audit.high, audit.band) == (26, 0, 46, "Zone IV: possible dependence")
    assert audit.change == "▼ down 8 (was 34)"
    assert {r.form_title for r in rows} == {"USAUDIT", "PHQ-9", "GAD-7", "C-SSRS"}
    assert all(r.change is None for r in score_rows(visit, library, None))


def test_flagged_and_marked_answers(library: FormLibrary) -> None:
    visit, _ = _visits(library)
    assert flagged_items(library.form("phq9"), visit.responses["phq9"]) == {"q9"}
    assert flagged_items(library.form("gad7"), visit.responses["gad7"]) == set()
    marked = marked_answers(form_sections(visit, library), library)
    assert [(m.form_title, m.answer) for m in marked] == [
        ("Safety check", "Yes"),
        ("Safety check", "A benzodiazepine (for example Xanax, Ativan, Klonopin, Valium)"),
        ("Safety check", "In the last 24 hours"),
    ]


def test_sections_mark_skipped_questions_and_spanish_choices(library: FormLibrary) -> None:
    visit = build_submission(library, full_visit("es"), kiosk_id="k", now=VISIT_TIME)
    cssrs = next(s for s in form_sections(visit, library) if s.form_id == "cssrs")
    assert [r.kind for r in cssrs.rows] == ["answer", "answer", "not_asked", "not_asked",
                                           "not_asked", "answer", "not_asked"]
    assert cssrs.rows[0].answer == "Yes" and cssrs.rows[0].as_shown == "Sí"
    assert any("Answered in Spanish" in note for note in cssrs.notes)


def test_wording() -> None:
    assert wording.day_text(dt.date(1984, 3, 7)) == "7 Mar 1984"
    assert wording.change_text(14, 16) == "▼ down 2 (was 16)"
    assert wording.change_text(9, 7) == "▲ up 2 (was 7)"
    assert wording.change_text(5, 5) == "= no change (was 5)"
    assert wording.change_text(5, None) == "not scored last visit"
    assert wording.signature_png("data:image/png;base64,AAAA") is None
    assert wording.language_text("es") == "Spanish (español)"


@pytest.mark.parametrize(("sex", "drinks"), [("male", 5), ("female", 4), ("other", 4)])
def test_answer_pages_print_the_item_wording_the_patient_saw(library: FormLibrary, sex: str, drinks: int) -> None:
    """USAUDIT item 3 is worded by the check-in's sex at birth and age (41 on the visit day)."""
    visit = build_submission(library, full_visit(checkin={"sex_at_birth": sex}), kiosk_id="k", now=VISIT_TIME)
    usaudit = next(s for s in form_sections(visit, library) if s.form_id == "usaudit")
    assert usaudit.rows[2].question == f"How often do you have {drinks} or more drinks on one occasion?"
