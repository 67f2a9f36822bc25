"""PHQ-9 scoring against worked examples at every band boundary."""

import pytest

from kiosk.forms import FormLibrary, score_form


def _answers(total: int, q9: int = 0) -> dict[str, int]:
    """Nine item codes adding up to ``total`` with item 9 fixed."""
    answers = {f"q{i}": 0 for i in range(1, 10)}
    answers["q9"] = q9
    remaining = total - q9
    for i in range(1, 9):
        step = min(3, remaining)
        answers[f"q{i}"] = step
        remaining -= step
    assert remaining == 0
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (24, "severe")],
)
def test_bands_at_boundaries(library: FormLibrary, total: int, band: str) -> None:
    result = score_form(library.form("phq9"), _answers(total))
    assert result.scores["total"].value == total
    assert result.scores["total"].band == band
    assert result.flags == []


def test_maximum_and_item9_critical(library: FormLibrary) -> None:
    result = score_form(library.form("phq9"), {f"q{i}": 3 for i in range(1, 10)})
    assert result.scores["total"].value == 27
    assert result.scores["total"].band == "severe"
    assert [(f.id, f.severity) for f in result.flags] == [("phq9_item9", "critical")]


def test_difficulty_is_unscored(library: FormLibrary) -> None:
    answers = _answers(7) | {"difficulty": 3}
    assert score_form(library.form("phq9"), answers).scores["total"].value == 7
