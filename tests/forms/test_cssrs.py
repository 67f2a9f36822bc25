"""C-SSRS screener: skip logic, the published triage as a max-scored risk level, flags."""

from __future__ import annotations

import pytest

from kiosk.forms import AnswerError, FormDefinition, FormLibrary, check_answers, score_form, visible_items

ALL_NO = {"q1": False, "q2": False, "q6": False}


@pytest.fixture(scope="module")
def cssrs(library: FormLibrary) -> FormDefinition:
    return library.form("cssrs")


def _shown(form: FormDefinition, answers: dict[str, bool]) -> list[str]:
    return [item.id for item in visible_items(form, answers)]


def test_items_3_to_5_only_after_yes_to_item_2(cssrs: FormDefinition) -> None:
    assert _shown(cssrs, ALL_NO) == ["q1", "q2", "q6"]
    assert _shown(cssrs, ALL_NO | {"q2": True}) == ["q1", "q2", "q3", "q4", "q5", "q6"]


def test_recent_behavior_only_after_yes_to_item_6(cssrs: FormDefinition) -> None:
    assert "q6_recent" not in _shown(cssrs, ALL_NO)
    assert _shown(cssrs, ALL_NO | {"q6": True}) == ["q1", "q2", "q6", "q6_recent"]


def test_follow_up_questions_required_only_when_shown(cssrs: FormDefinition) -> None:
    assert check_answers(cssrs, ALL_NO) == ALL_NO
    with pytest.raises(AnswerError) as caught:
        check_answers(cssrs, ALL_NO | {"q2": True, "q6": True})
    assert caught.value.problems == [
        "cssrs.q3: required answer missing",
        "cssrs.q4: required answer missing",
        "cssrs.q5: required answer missing",
        "cssrs.q6_recent: required answer missing",
    ]


def test_hidden_answers_do_not_raise_the_risk(cssrs: FormDefinition) -> None:
    # q2 is no, so q3-q5 are not asked; q6 is no, so q6_recent is not asked.
    given = ALL_NO | {"q1": True, "q4": True, "q5": True, "q6_recent": True}
    assert sorted(check_answers(cssrs, given)) == ["q1", "q2", "q6"]
    result = score_form(cssrs, given)
    assert (result.scores["risk"].value, result.scores["risk"].band) == (1, "low")
    assert result.flags == []


# The published triage: (answers, risk value, band, flags raised).
TRIAGE = [
    pytest.param({}, 0, "none", [], id="all-no"),
    pytest.param({"q1": True}, 1, "low", [], id="wish-to-be-dead"),
    pytest.param({"q2": True, "q3": False, "q4": False, "q5": False}, 1, "low", [], id="non-specific-thoughts"),
    pytest.param({"q2": True, "q3": True, "q4": False, "q5": False}, 2, "moderate",
                 [("cssrs_moderate_risk", "warning")], id="method-no-intent"),
    pytest.param({"q6": True, "q6_recent": False}, 2, "moderate",
                 [("cssrs_moderate_risk", "warning")], id="behavior-long-ago"),
    pytest.param({"q1": True, "q6": True, "q6_recent": False}, 2, "moderate",
                 [("cssrs_moderate_risk", "warning")], id="wish-and-behavior-long-ago"),
    pytest.param({"q2": True, "q3": False, "q4": True, "q5": False}, 3, "high",
                 [("cssrs_high_risk", "critical")], id="some-intent"),
    pytest.param({"q2": True, "q3": True, "q4": False, "q5": True}, 3, "high",
                 [("cssrs_high_risk", "critical")], id="plan-and-intent"),
    pytest.param({"q6": True, "q6_recent": True}, 3, "high",
                 [("cssrs_high_risk", "critical")], id="behavior-past-3-months"),
]


@pytest.mark.parametrize(("yes", "value", "band", "flags"), TRIAGE)
def test_published_triage(
    cssrs: FormDefinition, yes: dict[str, bool], value: int, band: str, flags: list[tuple[str, str]]
) -> None:
    answers = check_answers(cssrs, ALL_NO | yes)
    result = score_form(cssrs, answers)
    assert result.scores["risk"].value == value
    assert result.scores["risk"].band == band
    assert [(f.id, f.severity) for f in result.flags] == flags


def test_high_risk_message_asks_for_immediate_safety_assessment(cssrs: FormDefinition) -> None:
    result = score_form(cssrs, ALL_NO | {"q6": True, "q6_recent": True})
    assert "immediate safety assessment" in result.flags[0].message
    spanish = next(f for f in cssrs.flags if f.id == "cssrs_high_risk").message.get("es")
    assert "evaluación de seguridad" in spanish


def test_yes_no_answers_must_be_booleans(cssrs: FormDefinition) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(cssrs, ALL_NO | {"q1": 1})
    assert caught.value.problems == ["cssrs.q1: is not one of the allowed codes (true, false)"]


def test_licence_tells_a_clinic_to_check_electronic_versions(cssrs: FormDefinition) -> None:
    assert "Columbia Lighthouse Project" in cssrs.licence
    assert "licensed separately" in cssrs.licence
