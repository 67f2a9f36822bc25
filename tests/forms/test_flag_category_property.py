"""Property of every shipped form: every flag it can raise carries a category.

Random valid answer sets (as in test_band_property), at a random visit time under random
clinic fasting rules, are scored; each raised flag must have one of the three categories and
the one its definition gives. Only suicide-risk flags are ``crisis`` (the patient sees the
calm note for exactly those).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.forms import FormDefinition, check_answers, load_form_file, score_form
from kiosk.forms.model import FLAG_CATEGORIES
from kiosk.forms.context import VisitContext
from kiosk.forms.rules import ClinicRules
from kiosk.paths import BUNDLED_FORMS
from tests.forms.test_band_property import draw_answers

FORMS: list[FormDefinition] = [load_form_file(path) for path in sorted(Path(BUNDLED_FORMS).glob("*.yaml"))]
FLAGGING_FORMS = [form for form in FORMS if form.flags]
SUICIDE_SCREENS = {"asq", "cssrs", "phq9"}


def test_every_defined_flag_has_a_category() -> None:
    assert {"asq", "cssrs", "phq9", "safety", "consent"} <= {form.id for form in FLAGGING_FORMS}
    for form in FLAGGING_FORMS:
        for flag in form.flags:
            assert flag.category in FLAG_CATEGORIES, (form.id, flag.id)
            assert (flag.category == "crisis") == (form.id in SUICIDE_SCREENS), (form.id, flag.id)


_visits = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31)).map(
    lambda moment: moment.astimezone())
_rules = st.builds(ClinicRules, fasting_food_hours=st.floats(0, 24), fasting_clear_hours=st.floats(0, 24))


@pytest.mark.parametrize("form", FLAGGING_FORMS, ids=[f.id for f in FLAGGING_FORMS])
@settings(max_examples=150, deadline=None)
@given(data=st.data(), at=_visits, rules=_rules)
def test_every_raised_flag_has_its_category(form: FormDefinition, data: st.DataObject,
                                            at: dt.datetime, rules: ClinicRules) -> None:
    answers = check_answers(form, draw_answers(form, data))
    defined = {flag.id: flag.category for flag in form.flags}
    for raised in score_form(form, answers, VisitContext(at=at, rules=rules)).flags:
        assert raised.category in FLAG_CATEGORIES
        assert raised.category == defined[raised.id]
