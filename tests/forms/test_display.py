"""Answers shown as words for staff and clinicians."""

from kiosk.forms import FormLibrary
from kiosk.forms.display import answer_rows, answer_text


def test_phq9_rows_show_labels_scores_in_order(library: FormLibrary) -> None:
    form = library.form("phq9")
    answers = {f"q{i}": i % 4 for i in range(1, 10)} | {"difficulty": 2}
    rows = answer_rows(form, answers)
    assert [r.item.id for r in rows] == [f"q{i}" for i in range(1, 10)] + ["difficulty"]
    assert rows[0].answer == "Several days" and rows[0].score == 1
    assert rows[2].answer == "Nearly every day" and rows[2].score == 3
    assert rows[-1].answer == "Very difficult" and rows[-1].score is None
    assert answer_rows(form, answers, "es")[0].answer == "Varios días"


def test_unanswered_optional_item_says_so(library: FormLibrary) -> None:
    form = library.form("phq9")
    assert answer_text(form, form.item("difficulty"), None) == "(not answered)"
