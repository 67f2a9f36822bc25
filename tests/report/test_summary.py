"""What the summary says, checked on its plain-data form (no PDF involved)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report import wording
from kiosk.report.summary import flag_groups, flagged_items, form_sections, marked_answers, score_rows
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
    assert {r.form_title for r in rows} == {"USAUDIT", "Drinking", "Craving", "PHQ-9", "GAD-7", "ASQ"}
    assert all(r.change is None for r in score_rows(visit, library, None))


def test_flagged_and_marked_answers(library: FormLibrary) -> None:
    visit, _ = _visits(library)
    assert flagged_items(library.form("phq9"), visit.responses["phq9"]) == {"q9"}
    assert flagged_items(library.form("gad7"), visit.responses["gad7"]) == set()
    marked = marked_answers(form_sections(visit, library), library)
    assert [(m.form_title, m.answer) for m in marked] == [
        ("ASQ", "Yes"),
        ("Safety check", "Yes"),
        ("Safety check", "A benzodiazepine (for example Xanax, Ativan, Klonopin, Valium)"),
        ("Safety check", "In the last 24 hours"),
    ]


def test_sections_mark_skipped_questions_and_spanish_choices(library: FormLibrary) -> None:
    visit = build_submission(library, full_visit("es", asq={"q1": "no"}), kiosk_id="k", now=VISIT_TIME)
    asq = next(s for s in form_sections(visit, library) if s.form_id == "asq")
    assert [r.kind for r in asq.rows] == ["answer"] * 4 + ["not_asked"]
    assert any("Answered in Spanish" in note for note in asq.notes)
    visit = build_submission(library, full_visit("es", asq={"q1": "declined"}), kiosk_id="k",
                             now=VISIT_TIME)
    asq = next(s for s in form_sections(visit, library) if s.form_id == "asq")
    assert [r.kind for r in asq.rows] == ["answer"] * 5
    assert (asq.rows[0].answer, asq.rows[0].as_shown) == ("I'd rather not answer", "Prefiero no contestar")
    assert asq.rows[4].answer == "No" and asq.rows[4].as_shown is None


def test_flags_grouped_by_category_crisis_first(library: FormLibrary) -> None:
    visit = build_submission(library, full_visit(safety={"liver_disease": True}, usaudit={"q4": 3}),
                             kiosk_id="k", now=VISIT_TIME)
    groups = flag_groups(visit.flags)
    assert [g.category for g in groups] == ["crisis", "infusion", "clinical"]
    assert [f.id for f in groups[0].flags] == ["phq9_item9", "asq_non_acute_positive"]
    assert [f.severity for f in groups[0].flags] == ["critical", "warning"]
    assert {f.id for f in groups[1].flags} == {"high_blood_pressure", "sedative_medicines",
                                               "alcohol_24h"}
    assert [f.id for f in groups[2].flags] == ["usaudit_dependence_items", "liver_disease"]
    assert "infusion" in groups[1].title.lower() and "before dosing" in groups[1].title


def test_wording() -> None:
    assert wording.day_text(dt.date(1984, 3, 7)) == "7 Mar 1984"
    assert wording.change_text(14, 16) == "▼ down 2 (was 16)"
    assert wording.change_text(9, 7) == "▲ up 2 (was 7)"
    assert wording.change_text(5, 5) == "= no change (was 5)"
    assert wording.change_text(5, None) == "not scored last visit"
    assert wording.signature_png("data:image/png;base64,AAAA") is None
    assert wording.language_text("es") == "Spanish (español)"


def test_a_licensed_form_carries_its_notice_on_the_answer_pages(library: FormLibrary) -> None:
    cssrs = library.form("cssrs")
    visit = build_submission(library, full_visit(cssrs={"q1": True, "q2": False, "q6": False}),
                             kiosk_id="k", now=VISIT_TIME)
    sections = {s.form_id: s for s in form_sections(visit, library)}
    assert cssrs.licence_required is not None
    assert sections["cssrs"].notes[0] == cssrs.licence_required.strip()
    assert not any("©" in note for note in sections["asq"].notes)


@pytest.mark.parametrize(("sex", "drinks"), [("male", 5), ("female", 4), ("other", 4)])
def test_answer_pages_print_the_item_wording_the_patient_saw(library: FormLibrary, sex: str, drinks: int) -> None:
    """USAUDIT item 3 is worded by the check-in's sex at birth and age (41 on the visit day)."""
    visit = build_submission(library, full_visit(checkin={"sex_at_birth": sex}), kiosk_id="k", now=VISIT_TIME)
    usaudit = next(s for s in form_sections(visit, library) if s.form_id == "usaudit")
    assert usaudit.rows[2].question == f"How often do you have {drinks} or more drinks on one occasion?"
