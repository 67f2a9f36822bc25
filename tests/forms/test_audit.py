"""AUDIT: zone boundaries, items 9-10 scoring, the WHO skip pattern, AUDIT-C and flags."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from kiosk.forms import (
    AnswerError,
    FormDefinition,
    FormLibrary,
    VisitContext,
    check_answers,
    score_form,
    visible_items,
)


@pytest.fixture(scope="module")
def audit(library: FormLibrary) -> FormDefinition:
    return library.form("audit")


def _answers(*codes: int) -> dict[str, int]:
    """Codes for q1, q2, ... in order (items not given are left out)."""
    return {f"q{n}": code for n, code in enumerate(codes, start=1)}


def _flag_ids(form: FormDefinition, answers: dict[str, int]) -> list[str]:
    return [f.id for f in score_form(form, answers).flags]


# Worked examples at every zone boundary: (q1..q10 codes, total, band).
ZONE_EXAMPLES = [
    ((0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "low_risk"),
    ((3, 2, 2, 0, 0, 0, 0, 0, 0, 0), 7, "low_risk"),
    ((3, 2, 2, 0, 0, 0, 1, 0, 0, 0), 8, "hazardous"),
    ((4, 3, 3, 1, 1, 0, 1, 0, 2, 0), 15, "hazardous"),
    ((4, 3, 3, 1, 1, 0, 2, 0, 2, 0), 16, "harmful"),
    ((4, 4, 4, 1, 1, 1, 2, 2, 0, 0), 19, "harmful"),
    ((4, 4, 4, 1, 1, 1, 3, 2, 0, 0), 20, "possible_dependence"),
    ((4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 40, "possible_dependence"),
]


@pytest.mark.parametrize(("codes", "total", "band"), ZONE_EXAMPLES)
def test_zone_boundaries(audit: FormDefinition, codes: tuple[int, ...], total: int, band: str) -> None:
    answers = check_answers(audit, _answers(*codes))
    result = score_form(audit, answers)
    assert result.scores["total"].value == total
    assert result.scores["total"].band == band


def test_loinc_codes(audit: FormDefinition) -> None:
    assert audit.loinc == "72110-0"
    assert audit.score_rule("total").loinc == "75624-7"
    assert audit.score_rule("audit_c").loinc == "75626-2"


@pytest.mark.parametrize(("q9", "q10", "total"), [(0, 0, 0), (2, 0, 2), (0, 2, 2), (4, 0, 4), (2, 4, 6), (4, 4, 8)])
def test_items_9_and_10_score_0_2_4(audit: FormDefinition, q9: int, q10: int, total: int) -> None:
    answers = check_answers(audit, {"q1": 0, "q9": q9, "q10": q10})
    assert score_form(audit, answers).scores["total"].value == total


@pytest.mark.parametrize("item", ["q9", "q10"])
@pytest.mark.parametrize("code", [1, 3])
def test_items_9_and_10_reject_odd_codes(audit: FormDefinition, item: str, code: int) -> None:
    answers = {"q1": 0, "q9": 0, "q10": 0} | {item: code}
    with pytest.raises(AnswerError) as caught:
        check_answers(audit, answers)
    assert caught.value.problems == [f"audit.{item}: is not one of the allowed codes (0, 2, 4)"]


def test_never_drinking_skips_to_item_9(audit: FormDefinition) -> None:
    assert [i.id for i in visible_items(audit, {"q1": 0})] == ["q1", "q9", "q10"]
    # Answers to the skipped items are ignored and count 0, in every score and flag.
    given = {"q1": 0, "q9": 2, "q10": 0} | {f"q{n}": 4 for n in range(2, 9)}
    kept = check_answers(audit, given)
    assert sorted(kept) == ["q1", "q10", "q9"]
    result = score_form(audit, given)
    assert result.scores["total"].value == 2
    assert result.scores["audit_c"].value == 0
    assert result.flags == []


def test_skipped_items_are_not_required(audit: FormDefinition) -> None:
    assert check_answers(audit, {"q1": 0, "q9": 0, "q10": 0}) == {"q1": 0, "q9": 0, "q10": 0}
    assert check_answers(audit, _answers(2, 0, 0) | {"q9": 0, "q10": 2}) == {
        "q1": 2, "q2": 0, "q3": 0, "q9": 0, "q10": 2
    }


def test_no_drinks_per_occasion_skips_items_4_to_8(audit: FormDefinition) -> None:
    start = {"q1": 2, "q2": 0, "q3": 0}
    assert [i.id for i in visible_items(audit, start)] == ["q1", "q2", "q3", "q9", "q10"]
    given = start | {f"q{n}": 4 for n in range(4, 9)} | {"q9": 0, "q10": 0}
    result = score_form(audit, given)
    assert result.scores["total"].value == 2
    assert result.flags == []  # item 4-6 answers were hidden, so no dependence flag


@pytest.mark.parametrize(("q2", "q3"), [(1, 0), (0, 1)])
def test_any_drinks_per_occasion_asks_items_4_to_8(audit: FormDefinition, q2: int, q3: int) -> None:
    start = {"q1": 1, "q2": q2, "q3": q3}
    shown = [i.id for i in visible_items(audit, start)]
    assert shown == [f"q{n}" for n in range(1, 11)]
    with pytest.raises(AnswerError) as caught:
        check_answers(audit, start | {"q9": 0, "q10": 0})
    assert caught.value.problems == [f"audit.q{n}: required answer missing" for n in range(4, 9)]


@pytest.mark.parametrize(("codes", "audit_c"), [((0,), 0), ((1, 0, 0), 1), ((2, 1, 1), 4), ((4, 4, 4), 12)])
def test_audit_c_is_the_sum_of_items_1_to_3(audit: FormDefinition, codes: tuple[int, ...], audit_c: int) -> None:
    answers = _answers(*codes) | {f"q{n}": 3 for n in range(4, 9)} | {"q9": 4, "q10": 4}
    score = score_form(audit, answers).scores["audit_c"]
    assert score.value == audit_c


# AUDIT-C positive at 4+ for men, 3+ for women (Bradley et al. 2007); "another answer" and
# an unknown sex at birth get the women's (more cautious) cut-off.
AUDIT_C_CUTOFFS = [
    ("male", (1, 1, 1), "negative"),
    ("male", (2, 1, 1), "positive"),
    ("female", (1, 1, 0), "negative"),
    ("female", (1, 1, 1), "positive"),
    ("other", (1, 1, 1), "positive"),
    (None, (1, 1, 1), "positive"),
]


@pytest.mark.parametrize(("sex", "codes", "band"), AUDIT_C_CUTOFFS)
def test_audit_c_cut_offs_by_sex_at_birth(audit: FormDefinition, sex: str | None, codes: tuple[int, ...], band: str) -> None:
    checkin = {"sex_at_birth": sex} if sex else {}
    context = VisitContext({"checkin": checkin}, dt.date(2026, 12, 1))
    answers = check_answers(audit, _answers(*codes, 0, 0, 0, 0, 0, 0, 0))
    assert score_form(audit, answers, context).scores["audit_c"].band == band


def test_audit_says_its_drink_is_the_who_10_gram_drink(audit: FormDefinition) -> None:
    assert "10 grams of pure alcohol" in audit.instructions.get("en")
    assert "10 gramos de alcohol puro" in audit.instructions.get("es")
    assert "12-ounce" not in audit.instructions.get("en")  # the US 14 g drink is the USAUDIT's


@pytest.mark.parametrize("item", ["q4", "q5", "q6"])
def test_dependence_items_scoring_2_raise_a_warning(audit: FormDefinition, item: str) -> None:
    answers = _answers(1, 1, 1, 0, 0, 0, 0, 0, 0, 0) | {item: 2}
    result = score_form(audit, answers)
    assert [(f.id, f.severity) for f in result.flags] == [("audit_dependence_items", "warning")]
    assert "consider the next risk zone up" in result.flags[0].message


@pytest.mark.parametrize("item", ["q4", "q5", "q6"])
def test_dependence_items_scoring_1_raise_nothing(audit: FormDefinition, item: str) -> None:
    answers = _answers(1, 1, 1, 0, 0, 0, 1, 1, 2, 2) | {item: 1}
    assert _flag_ids(audit, answers) == []


@pytest.mark.parametrize("item", ["q9", "q10"])
def test_harm_items_scoring_4_raise_a_warning(audit: FormDefinition, item: str) -> None:
    answers = {"q1": 0, "q9": 0, "q10": 0} | {item: 4}
    result = score_form(audit, answers)
    assert (result.scores["total"].value, result.scores["total"].band) == (4, "low_risk")
    assert [(f.id, f.severity) for f in result.flags] == [("audit_harm_items", "warning")]


def test_harm_items_scoring_2_raise_nothing(audit: FormDefinition) -> None:
    assert _flag_ids(audit, {"q1": 0, "q9": 2, "q10": 2}) == []


def test_both_flags_together(audit: FormDefinition) -> None:
    answers = _answers(4, 4, 4, 0, 0, 3, 0, 0, 0, 4)
    assert _flag_ids(audit, answers) == ["audit_dependence_items", "audit_harm_items"]


def test_cli_scores_audit_and_rejects_code_3_on_item_9() -> None:
    good = json.dumps({"q1": 0, "q9": 4, "q10": 4})
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "forms", "score", "audit", "--answers", "-"],
        input=good, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["scores"]["total"] == {"value": 8, "band": "hazardous"}
    assert out["scores"]["audit_c"] == {"value": 0, "band": "negative"}
    assert [f["id"] for f in out["flags"]] == ["audit_harm_items"]

    bad = json.dumps({"q1": 0, "q9": 3, "q10": 0})
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "forms", "score", "audit", "--answers", "-"],
        input=bad, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert "audit.q9: is not one of the allowed codes (0, 2, 4)" in done.stderr
