"""Page 1 with many flags and a long series: the flags come first, the trend charts stay on
page 1 (compact), and flags that do not fit continue at the top of page 2, none lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report.pdf import render_summary
from kiosk.settings import Settings
from tests.care.visits import GAD7, PHQ9, START, gad7_answers, infusion_series
from tests.report.conftest import flat, page_texts
from tests.report.full_visit import full_visit
from tests.report.test_pdf_trends import _drawn_numbers
from tests.store.conftest import phq9_answers

WARNINGS = {"pregnant_or_breastfeeding": "yes", "heart_disease": True, "head_injury_or_icp": True,
            "overactive_thyroid": True, "glaucoma": True, "psychosis_mania_self": True,
            "psychosis_mania_family": True, "drug_misuse_history": True, "bladder_problems": True,
            "liver_disease": True, "sleep_apnea": True, "alcohol_withdrawal_now": True,
            "withdrawal_seizure_history": True, "drugs_72h": True, "driver_arranged": False}
CRITICAL = {"ketamine_reaction": True, "aneurysm_or_heart_attack": True, "brain_bleed_or_avm": True}


def flagged_visit(library: FormLibrary, safety: dict[str, Any], crisis: bool = True) -> Submission:
    """The 13th weekly visit of the series: PHQ-9 item 9 and the ASQ positive (``crisis``), and
    the safety screen's flags."""
    asq = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes", "q5": True} if crisis else \
        {"q1": "no", "q2": "no", "q3": "no", "q4": "no", "q5": False}
    visit = full_visit(phq9=phq9_answers(4, q9=2 if crisis else 0), gad7=gad7_answers(4), safety=safety, asq=asq)
    return build_submission(library, visit, kiosk_id="lobby-1", now=START + dt.timedelta(days=7 * 12))


def render(library: FormLibrary, settings: Settings, safety: dict[str, Any],
           crisis: bool = True) -> tuple[Submission, list[str]]:
    visits = [*infusion_series(library, PHQ9, GAD7), flagged_visit(library, safety, crisis)]
    pdf = render_summary(visits[-1], library, settings, previous=visits[-2], history=visits)
    return visits[-1], [flat(text) for text in page_texts(pdf)]


def test_many_flags_keep_the_trends_on_page_one_and_continue_overleaf(library: FormLibrary,
                                                                       settings: Settings) -> None:
    visit, pages = render(library, settings, WARNINGS)
    first, second = pages[0], pages[1]
    flags = visit.flags
    assert len(flags) >= 15
    critical = [f for f in flags if f.severity == "critical"]
    assert f"NEEDS ATTENTION — {len(critical)} critical, {len(flags) - len(critical)} warnings" in first
    for flag in critical:  # every critical flag before anything else on page 1
        assert flat(flag.message) in first and first.index(flat(flag.message)) < first.index("Trends across visits")
    shown = [f for f in flags if flat(f.message) in first]
    rest = [f for f in flags if f not in shown]
    assert rest and f"▼ {len(rest)} more flags continued on page 2, before the answers" in first
    assert second.startswith("NEEDS ATTENTION (continued from page 1)") or \
        second.index("NEEDS ATTENTION (continued from page 1)") < 200
    overleaf = " ".join(pages[1:])
    assert overleaf.index("continued from page 1") < overleaf.index("Scores Form Score Result") < overleaf.index("Answers")
    assert all(flat(f.message) in second for f in rest)
    everything = " ".join(pages)
    assert all(everything.count(flat(f.message)) == 1 for f in flags)  # each flag once: none lost, none twice

    assert "Trends across visits" in first  # the figures drawn, on page 1
    assert _drawn_numbers(first, "PHQ-9") == [*PHQ9[-11:], 4]
    assert _drawn_numbers(first, "GAD-7") == [*GAD7[-11:], 4]
    assert "The score table (ranges, bands, change since the last visit) is on page 2." in first
    assert "Answers marked for review are on page 2." in first


def test_critical_flags_are_never_moved_off_page_one(library: FormLibrary, settings: Settings) -> None:
    """Five critical flags leave no room for the charts beside them: the flags win, the charts follow."""
    visit, pages = render(library, settings, WARNINGS | CRITICAL)
    critical = [f for f in visit.flags if f.severity == "critical"]
    assert len(critical) == 5 and all(flat(f.message) in pages[0] for f in critical)
    assert "more flags continued on page 2" in pages[0]


def test_a_visit_with_few_flags_keeps_the_full_page_one(library: FormLibrary, settings: Settings) -> None:
    calm = {"high_blood_pressure": False, "medications": ["none"], "last_alcohol": "over_72h"}
    visit, pages = render(library, settings, calm, crisis=False)
    first = pages[0]
    assert len(visit.flags) <= 2
    assert "Scores Form Score Result" in first and "Trends across visits" in first
    assert "continued on page 2" not in first and "is on page 2" not in first
