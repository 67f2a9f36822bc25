"""USAUDIT (SAMHSA 2016): scores, risk zones and USAUDIT-C cut-offs by sex and age, and the
item 3 wording chosen from the check-in's answers.

Worked examples at each of the guide's thresholds: Zone II from 7 for women and men over 65
and from 8 for men up to 65 (section 3 and Table 3), Zone III 16-24, Zone IV 25+; USAUDIT-C
positive at 7 for women and men over 65 and at 8 for younger men (Appendix A). Another
answer, or an unknown sex at birth or age, gets the cautious wording and cut-offs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.forms import (
    AnswerError,
    FormDefinition,
    FormLibrary,
    VisitContext,
    check_answers,
    item_text,
    score_form,
    visible_items,
)
from kiosk.intake.visit import build_submission

VISIT_DAY = dt.date(2026, 12, 1)
# (sex at birth, date of birth) of the people in the examples, on VISIT_DAY
WOMAN_40 = ("female", "1986-05-20")
MAN_40 = ("male", "1986-05-20")
MAN_65 = ("male", "1961-12-01")  # 65th birthday today
MAN_65_LAST_DAY = ("male", "1960-12-02")  # 66 tomorrow
MAN_66 = ("male", "1960-12-01")  # 66th birthday today: "over 65"
ANOTHER_ANSWER = ("other", "1986-05-20")
MAN_AGE_UNKNOWN = ("male", None)


@pytest.fixture(scope="module")
def usaudit(library: FormLibrary) -> FormDefinition:
    return library.form("usaudit")


def _context(person: tuple[str | None, str | None] | None) -> VisitContext:
    checkin: dict[str, object] = {}
    if person is not None:
        sex, born = person
        checkin |= {"sex_at_birth": sex} if sex else {}
        checkin |= {"date_of_birth": born} if born else {}
    return VisitContext({"checkin": checkin}, VISIT_DAY)  # type: ignore[dict-item]


def _answers(*codes: int) -> dict[str, int]:
    """Codes for q1, q2, ... in order; the rest of q1-q10 answered 0."""
    given = {f"q{n}": code for n, code in enumerate(codes, start=1)}
    return {f"q{n}": 0 for n in range(1, 11)} | given


def test_item_scores_and_range(usaudit: FormDefinition) -> None:
    """Items 1-3 score 0-6, items 4-8 0-4, items 9-10 0/2/4; total 0-46."""
    scores = {i.id: [o.score for o in usaudit.options_of(i)] for i in usaudit.items}
    for item in ("q1", "q2", "q3"):
        assert scores[item] == [0, 1, 2, 3, 4, 5, 6]
    for item in ("q4", "q5", "q6", "q7", "q8"):
        assert scores[item] == [0, 1, 2, 3, 4]
    assert scores["q9"] == scores["q10"] == [0, 2, 4]
    most = score_form(usaudit, _answers(6, 6, 6, 4, 4, 4, 4, 4, 4, 4), _context(MAN_40))
    assert most.scores["total"].value == 46 and most.scores["usaudit_c"].value == 18
    assert usaudit.loinc is None and all(rule.loinc is None for rule in usaudit.scores)


def test_published_answer_categories(usaudit: FormDefinition) -> None:
    labels = {i.id: [o.label.en for o in usaudit.options_of(i)] for i in usaudit.items}
    assert labels["q1"] == labels["q3"] == [
        "Never", "Less than monthly", "Monthly", "Weekly", "2-3 times a week", "4-6 times a week", "Daily"]
    assert labels["q2"] == [
        "1 drink", "2 drinks", "3 drinks", "4 drinks", "5-6 drinks", "7-9 drinks", "10 or more drinks"]
    assert labels["q9"] == ["No", "Yes, but not in the past year", "Yes, during the past year"]


# (person, q1..q10 codes, total, zone)
ZONE_EXAMPLES = [
    (WOMAN_40, (2, 2, 2), 6, "zone_1"),
    (WOMAN_40, (3, 2, 2), 7, "zone_2"),
    (MAN_40, (3, 2, 2), 7, "zone_1"),
    (MAN_40, (3, 2, 3), 8, "zone_2"),
    (MAN_65, (3, 2, 2), 7, "zone_1"),
    (MAN_65_LAST_DAY, (3, 2, 2), 7, "zone_1"),
    (MAN_66, (3, 2, 2), 7, "zone_2"),
    (ANOTHER_ANSWER, (3, 2, 2), 7, "zone_2"),
    (MAN_AGE_UNKNOWN, (3, 2, 2), 7, "zone_2"),
    (None, (3, 2, 2), 7, "zone_2"),  # no check-in in this visit
    (MAN_40, (4, 4, 4, 1, 1, 0, 1, 0, 0, 0), 15, "zone_2"),
    (WOMAN_40, (4, 4, 4, 1, 1, 0, 1, 1, 0, 0), 16, "zone_3"),
    (MAN_40, (6, 6, 6, 2, 2, 2, 0, 0, 0, 0), 24, "zone_3"),
    (WOMAN_40, (6, 6, 6, 2, 2, 2, 1, 0, 0, 0), 25, "zone_4"),
    (MAN_40, (6, 6, 6, 4, 4, 4, 4, 4, 4, 4), 46, "zone_4"),
]


@pytest.mark.parametrize(("person", "codes", "total", "zone"), ZONE_EXAMPLES)
def test_risk_zones(usaudit: FormDefinition, person: tuple[str, str | None] | None,
                    codes: tuple[int, ...], total: int, zone: str) -> None:
    answers = check_answers(usaudit, _answers(*codes))
    result = score_form(usaudit, answers, _context(person))
    assert (result.scores["total"].value, result.scores["total"].band) == (total, zone)


# (person, q1-q3 codes, USAUDIT-C, band)
USAUDIT_C_EXAMPLES = [
    (WOMAN_40, (2, 2, 2), 6, "negative"),
    (WOMAN_40, (3, 2, 2), 7, "positive"),
    (MAN_40, (3, 2, 2), 7, "negative"),
    (MAN_40, (3, 2, 3), 8, "positive"),
    (MAN_66, (3, 2, 2), 7, "positive"),
    (ANOTHER_ANSWER, (3, 2, 2), 7, "positive"),
]


@pytest.mark.parametrize(("person", "codes", "value", "band"), USAUDIT_C_EXAMPLES)
def test_usaudit_c_cut_offs(usaudit: FormDefinition, person: tuple[str, str], codes: tuple[int, ...],
                            value: int, band: str) -> None:
    score = score_form(usaudit, _answers(*codes), _context(person)).scores["usaudit_c"]
    assert (score.value, score.band) == (value, band)


@pytest.mark.parametrize(
    ("person", "drinks"),
    [(MAN_40, 5), (MAN_65, 5), (MAN_65_LAST_DAY, 5), (MAN_66, 4), (WOMAN_40, 4), (ANOTHER_ANSWER, 4),
     (MAN_AGE_UNKNOWN, 4), (None, 4)],
)
def test_item_3_wording_by_sex_and_age(usaudit: FormDefinition, person: tuple[str, str | None] | None,
                                       drinks: int) -> None:
    text = item_text(usaudit, usaudit.item("q3"), {"q1": 2}, _context(person))
    assert text.get("en") == f"How often do you have {drinks} or more drinks on one occasion?"
    assert text.get("es") == f"¿Con qué frecuencia toma {drinks} o más bebidas en una sola ocasión?"


def test_a_future_or_malformed_birth_date_is_an_unknown_age(usaudit: FormDefinition) -> None:
    for born in ("2030-01-01", "not a date", "1980-02-30"):
        text = item_text(usaudit, usaudit.item("q3"), {}, _context(("male", born)))
        assert "4 or more" in text.en


def test_skip_pattern(usaudit: FormDefinition) -> None:
    """Never drinking -> items 9-10 only; 1 drink and never 4/5+ -> no items 4-8."""
    assert [i.id for i in visible_items(usaudit, {"q1": 0})] == ["q1", "q9", "q10"]
    one_drink = {"q1": 1, "q2": 0, "q3": 0}
    assert [i.id for i in visible_items(usaudit, one_drink)] == ["q1", "q2", "q3", "q9", "q10"]
    with pytest.raises(AnswerError) as caught:
        check_answers(usaudit, {"q1": 1, "q2": 1, "q3": 0, "q9": 0, "q10": 0})
    assert caught.value.problems == [f"usaudit.q{n}: required answer missing" for n in range(4, 9)]


@pytest.mark.parametrize(("q4", "raised"), [(2, False), (3, True)])
def test_dependence_items_weekly_or_more_raise_a_warning(usaudit: FormDefinition, q4: int, raised: bool) -> None:
    flags = score_form(usaudit, _answers(3, 2, 2, q4)).flags
    assert [f.id for f in flags] == (["usaudit_dependence_items"] if raised else [])


def test_a_visit_scores_usaudit_by_the_checkin_answers(library: FormLibrary) -> None:
    """build_submission reads the check-in: the same answers band differently by sex."""
    def zone(sex: str) -> str | None:
        checkin = {"legal_name": "Sam Lee", "date_of_birth": "1986-05-20", "sex_at_birth": sex,
                   "phone": "555-010-2030", "appointment_type": "infusion",
                   "emergency_contact_name": "Kim Lee", "emergency_contact_phone": "555-010-9999"}
        visit = {"language": "en", "responses": {"checkin": checkin, "usaudit": _answers(3, 2, 2)}}
        now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc)
        sub = build_submission(library, visit, kiosk_id="k", now=now)
        return sub.responses["usaudit"].scores["total"].band

    assert (zone("male"), zone("female"), zone("other")) == ("zone_1", "zone_2", "zone_2")


def test_default_protocol_runs_usaudit_after_checkin(library: FormLibrary) -> None:
    forms = library.protocol().forms
    assert "usaudit" in forms and "audit" not in forms
    assert forms.index("checkin") < forms.index("usaudit")


def test_cli_scores_with_the_visits_other_answers(tmp_path: Path) -> None:
    """`kiosk forms score usaudit --visit checkin.json --on DATE`: the men's cut-offs for a man
    of 46; without --visit the cautious ones; a bad date is a clear message."""
    import json
    import subprocess
    import sys

    answers = tmp_path / "usaudit.json"
    answers.write_text(json.dumps(_answers(3, 2, 2)), encoding="utf-8")
    visit = tmp_path / "visit.json"
    visit.write_text(json.dumps({"checkin": {"sex_at_birth": "male", "date_of_birth": "1980-01-01"}}), encoding="utf-8")

    def score(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "forms", "score", "usaudit", "--answers", str(answers),
                               *extra], capture_output=True, text=True, timeout=60)

    with_visit = score("--visit", str(visit), "--on", "2026-12-01")
    assert json.loads(with_visit.stdout)["scores"]["total"] == {"value": 7, "band": "zone_1"}
    alone = score()
    assert json.loads(alone.stdout)["scores"]["total"] == {"value": 7, "band": "zone_2"}
    bad = score("--on", "2026-13-01")
    assert bad.returncode == 2 and bad.stderr == "kiosk: --on: '2026-13-01' is not a date (YYYY-MM-DD)\n"
