"""GAD-7: worked examples at every band boundary, and the unscored difficulty item."""

from __future__ import annotations

import pytest

from kiosk.forms import AnswerError, FormDefinition, FormLibrary, Option, check_answers, score_form


@pytest.fixture(scope="module")
def gad7(library: FormLibrary) -> FormDefinition:
    return library.form("gad7")


def _answers(total: int) -> dict[str, int]:
    """Seven item codes (0-3) adding up to ``total``, filled from item 1."""
    answers = {}
    remaining = total
    for n in range(1, 8):
        answers[f"q{n}"] = min(3, remaining)
        remaining -= answers[f"q{n}"]
    assert remaining == 0
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "severe"), (21, "severe")],
)
def test_bands_at_boundaries(gad7: FormDefinition, total: int, band: str) -> None:
    result = score_form(gad7, check_answers(gad7, _answers(total)))
    assert result.scores["total"].value == total
    assert result.scores["total"].band == band
    assert result.flags == []


def test_worked_example_mixed_answers(gad7: FormDefinition) -> None:
    answers = {"q1": 2, "q2": 3, "q3": 2, "q4": 1, "q5": 0, "q6": 1, "q7": 2, "difficulty": 1}
    total = score_form(gad7, check_answers(gad7, answers)).scores["total"]
    assert (total.value, total.band) == (11, "moderate")


def test_loinc_codes(gad7: FormDefinition) -> None:
    assert gad7.loinc == "69737-5"
    assert gad7.score_rule("total").loinc == "70274-6"


def test_difficulty_is_optional_and_unscored(gad7: FormDefinition) -> None:
    assert check_answers(gad7, _answers(6)) == _answers(6)
    with_difficulty = check_answers(gad7, _answers(6) | {"difficulty": 3})
    assert with_difficulty["difficulty"] == 3
    assert score_form(gad7, with_difficulty).scores["total"].value == 6


def test_options_match_phq9_labels(gad7: FormDefinition, library: FormLibrary) -> None:
    phq9 = library.form("phq9")

    def shown(options: tuple[Option, ...]) -> list[tuple[object, int | None, object]]:
        # Codes, scores and labels; phq9.yaml also records LOINC answer codes for FHIR import.
        return [(o.code, o.score, o.label) for o in options]

    assert shown(gad7.option_sets["frequency"]) == shown(phq9.option_sets["frequency"])
    assert shown(gad7.option_sets["difficulty"]) == shown(phq9.option_sets["difficulty"])


def test_code_out_of_range_is_rejected(gad7: FormDefinition) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(gad7, _answers(0) | {"q7": 4})
    assert caught.value.problems == ["gad7.q7: is not one of the allowed codes (0, 1, 2, 3)"]
