"""Properties of every bundled form: each possible score lands in exactly one band.

Checked exhaustively over each rule's possible range, and by drawing random valid answer
sets (only for the items skip logic shows, in form order, from their options) and scoring
them. This re-checks, independently of the loader's band checks, that no patient can get a
score outside its rule's range or a score without exactly one interpretation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.forms import FormDefinition, Item, ItemType, check_answers, load_form_file, score_form, visible_items
from kiosk.forms.checks import possible_range
from kiosk.forms.context import NO_CONTEXT
from kiosk.forms.recall import answer_cap
from kiosk.forms.model import Answer, ScoreRule
from kiosk.paths import BUNDLED_FORMS

FORMS: list[FormDefinition] = [load_form_file(path) for path in sorted(Path(BUNDLED_FORMS).glob("*.yaml"))]
SCORED_FORMS = [form for form in FORMS if form.scores]
BANDED_RULES = [(form, rule) for form in FORMS for rule in form.scores if rule.bands]

# A valid answer for each item kind that carries no options (they never add to a score, but
# skip logic may test them and check_answers requires them when shown).
_PLAIN_ANSWERS: dict[ItemType, str] = {
    ItemType.text: "ok",
    ItemType.date: "1980-01-31",
    ItemType.phone: "555 123 4567",
    ItemType.signature: "data:image/png;base64,iVBORw0KGgo=",
}


def _bands_holding(rule: ScoreRule, value: int, variant: int | None = None) -> list[str]:
    bands = rule.bands if variant is None else rule.band_variants[variant].bands
    return [band.id for band in bands if band.min <= value <= band.max]


def test_bundled_forms_have_banded_rules() -> None:
    ids = {(form.id, rule.id) for form, rule in BANDED_RULES}
    assert {("audit", "total"), ("usaudit", "total"), ("usaudit", "usaudit_c"), ("gad7", "total"),
            ("cssrs", "risk"), ("asq", "risk"), ("phq9", "total")} <= ids


@pytest.mark.parametrize(("form", "rule"), BANDED_RULES, ids=[f"{f.id}.{r.id}" for f, r in BANDED_RULES])
def test_every_possible_value_is_in_exactly_one_band(form: FormDefinition, rule: ScoreRule) -> None:
    low, high = possible_range(form, rule)
    assert low <= high
    # the default bands and every variant's (e.g. the USAUDIT's cut-offs for men up to 65)
    for variant in [None, *range(len(rule.band_variants))]:
        for value in range(low, high + 1):
            assert len(_bands_holding(rule, value, variant)) == 1, f"{form.id}.{rule.id}[{variant}]: value {value}"


def _answer_strategy(form: FormDefinition, item: Item, answers: dict[str, Answer]) -> st.SearchStrategy[Answer]:
    """Valid answers to one item: one of its option codes, or a well-formed value (a number
    within its ``at_most`` cap: the recall window, or an earlier answer)."""
    codes = [option.code for option in form.options_of(item)]
    if item.type in (ItemType.single_choice, ItemType.yes_no):
        return st.sampled_from(codes)
    if item.type is ItemType.multiple_choice:
        # an exclusive option ("None of these") alone, or any set of the others
        options = form.options_of(item)
        alone = [[o.code] for o in options if o.exclusive]
        others = [o.code for o in options if not o.exclusive]
        choices = st.lists(st.sampled_from(others), min_size=1, unique=True) if others else st.nothing()
        return st.one_of(st.sampled_from(alone), choices) if alone else choices
    if item.type is ItemType.number:
        low = int(item.min) if item.min is not None else 0
        high = int(item.max) if item.max is not None else low + 1000
        cap = answer_cap(form, item, answers, NO_CONTEXT)
        return st.integers(low, min(high, int(cap.most)) if cap is not None else high)
    if item.type is ItemType.time:
        return st.times().map(lambda moment: moment.strftime("%H:%M"))
    return st.just(_PLAIN_ANSWERS[item.type])


def draw_answers(form: FormDefinition, data: st.DataObject) -> dict[str, Answer]:
    """A valid answer set: answers only for the items skip logic shows, in form order."""
    answers: dict[str, Answer] = {}
    for item in form.items:
        if item.type is ItemType.info or item.id not in {i.id for i in visible_items(form, answers)}:
            continue
        if not item.required and data.draw(st.booleans(), label=f"leave {item.id} blank"):
            continue
        answers[item.id] = data.draw(_answer_strategy(form, item, answers), label=item.id)
    return answers


@pytest.mark.parametrize("form", SCORED_FORMS, ids=[f.id for f in SCORED_FORMS])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_random_valid_answers_score_in_range_and_one_band(form: FormDefinition, data: st.DataObject) -> None:
    result = score_form(form, check_answers(form, draw_answers(form, data)))
    for rule in form.scores:
        low, high = possible_range(form, rule)
        score = result.scores[rule.id]
        assert low <= score.value <= high
        if rule.bands:
            assert _bands_holding(rule, score.value) == [score.band]
