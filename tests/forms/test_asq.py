"""NIMH ASQ: worked examples from the toolkit's scoring (negative, non-acute, acute, and a
refusal to answer counting as a "yes"), skip logic of question 5, and the crisis flags."""

from __future__ import annotations

import pytest

from kiosk.forms import AnswerError, FormDefinition, FormLibrary, check_answers, score_form, visible_items

ALL_NO = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
NON_ACUTE = [("asq_non_acute_positive", "warning", "crisis")]
ACUTE = [("asq_acute_positive", "critical", "crisis")]


@pytest.fixture(scope="module")
def asq(library: FormLibrary) -> FormDefinition:
    return library.form("asq")


def test_question_5_only_after_a_yes_or_a_refusal(asq: FormDefinition) -> None:
    assert [i.id for i in visible_items(asq, ALL_NO)] == ["q1", "q2", "q3", "q4"]
    for item in ("q1", "q2", "q3", "q4"):
        for code in ("yes", "declined"):
            assert [i.id for i in visible_items(asq, ALL_NO | {item: code})][-1] == "q5", (item, code)


@pytest.mark.parametrize(
    ("answers", "band", "flags"),
    [
        pytest.param(ALL_NO, "negative", [], id="all-no: negative, q5 not asked"),
        pytest.param(ALL_NO | {"q1": "yes", "q5": False}, "non_acute_positive", NON_ACUTE, id="q1-yes-q5-no"),
        pytest.param(ALL_NO | {"q4": "yes", "q5": False}, "non_acute_positive", NON_ACUTE,
                     id="past-attempt-only"),
        pytest.param(ALL_NO | {"q2": "declined", "q5": False}, "non_acute_positive", NON_ACUTE,
                     id="refused-q2-counts-as-yes"),
        pytest.param({"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes", "q5": False},
                     "non_acute_positive", NON_ACUTE, id="all-yes-q5-no"),
        pytest.param(ALL_NO | {"q3": "yes", "q5": True}, "acute_positive", ACUTE, id="q3-yes-q5-yes"),
        pytest.param(ALL_NO | {"q1": "declined", "q5": True}, "acute_positive", ACUTE,
                     id="refused-q1-q5-yes"),
    ],
)
def test_nimh_scoring(asq: FormDefinition, answers: dict[str, object], band: str,
                      flags: list[tuple[str, str, str]]) -> None:
    result = score_form(asq, check_answers(asq, answers))
    assert result.scores["risk"].band == band
    assert [(f.id, f.severity, f.category) for f in result.flags] == flags


def test_a_hidden_question_5_does_not_count(asq: FormDefinition) -> None:
    kept = check_answers(asq, ALL_NO | {"q5": True})
    assert "q5" not in kept
    assert score_form(asq, kept).scores["risk"].band == "negative"


def test_question_5_is_required_once_shown(asq: FormDefinition) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(asq, ALL_NO | {"q1": "declined"})
    assert caught.value.problems == ["asq.q5: required answer missing"]


def test_flags_say_what_the_toolkit_asks_staff_to_do(asq: FormDefinition) -> None:
    messages = {flag.id: flag.message.get("en") for flag in asq.flags}
    assert "cannot leave until evaluated" in messages["asq_acute_positive"]
    assert "brief suicide safety assessment" in messages["asq_non_acute_positive"]
    assert "before the patient leaves" in messages["asq_non_acute_positive"]


def test_published_wording_and_public_domain(asq: FormDefinition) -> None:
    assert asq.item("q1").text.get("en") == "In the past few weeks, have you wished you were dead?"
    assert asq.item("q5").text.get("en") == "Are you having thoughts of killing yourself right now?"
    assert [o.label.get("en") for o in asq.options_of(asq.item("q1"))] == ["Yes", "No", "I'd rather not answer"]
    assert "Public domain" in asq.licence
    assert asq.licence_required is None
    assert "Spanish" in asq.source  # says whether the Spanish is NIMH's own text


def test_default_protocol_runs_the_asq_not_the_cssrs(library: FormLibrary) -> None:
    forms = library.protocol().forms
    assert "asq" in forms and "cssrs" not in forms
