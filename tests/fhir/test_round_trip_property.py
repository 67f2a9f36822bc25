"""Property: any valid visit, with any text a patient may type, survives FHIR and back."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.limits import name_problem
from kiosk.fhir import import_visit, with_import_flags
from kiosk.forms import FormDefinition, Item, ItemType, load_library, visible_items
from kiosk.forms.context import NO_CONTEXT
from kiosk.forms.model import Answer
from kiosk.forms.recall import answer_cap
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.report.fhir import BundleOptions, visit_bundle_json, visit_from_bundle
from tests.fhir.conftest import DATA, NOW, PNG_1X1


def _library() -> Any:
    folder = Path(tempfile.mkdtemp(prefix="kiosk-forms-"))
    shutil.copytree(BUNDLED_FORMS, folder, dirs_exist_ok=True)
    shutil.copy(DATA / "kinds.yaml", folder / "kinds.yaml")
    try:
        return load_library(folder)
    finally:
        shutil.rmtree(folder)


LIBRARY = _library()
# Any text the kiosk keeps: no control characters (kiosk.limits refuses them) or lone surrogates.
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "")
_NAME = _TEXT.filter(lambda s: name_problem(s) is None)


def _answer(form: FormDefinition, item: Item, answers: dict[str, Answer]) -> st.SearchStrategy[Answer]:
    codes = [option.code for option in form.options_of(item)]
    kind = item.type
    if kind in (ItemType.single_choice, ItemType.yes_no):
        return st.sampled_from(codes)
    if kind is ItemType.multiple_choice:
        exclusive = [[o.code] for o in form.options_of(item) if o.exclusive]
        others = [o.code for o in form.options_of(item) if not o.exclusive]
        many = st.lists(st.sampled_from(others), min_size=1, unique=True)
        return st.one_of(many, st.sampled_from(exclusive)) if exclusive else many
    if kind is ItemType.number:
        low = item.min if item.min is not None else -1e6
        high = item.max if item.max is not None else 1e6
        cap = answer_cap(form, item, answers, NO_CONTEXT)  # within the days asked, or an earlier answer
        high = min(high, cap.most) if cap is not None else high
        return st.one_of(st.integers(int(low), int(high)), st.floats(low, high, allow_nan=False))
    if kind is ItemType.text:
        return _TEXT if item.max_length is None else _TEXT.filter(lambda s: len(s) <= (item.max_length or 0))
    if kind is ItemType.date:
        return st.dates().filter(lambda d: d.year >= 1950).map(lambda d: d.isoformat()) if not item.patient_field else st.just("1980-01-31")
    if kind is ItemType.time:
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if kind is ItemType.phone:
        return st.from_regex(r"\+?[0-9]{7,15}", fullmatch=True)
    return st.just(PNG_1X1)


_ANSWERS_ONLY = BundleOptions(with_questionnaires=False)
"""The Questionnaires a Bundle carries are not read back (test_bundle_contents checks them)
and would triple the time of each of these examples."""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_random_valid_visits_round_trip(data: st.DataObject) -> None:
    responses: dict[str, dict[str, Answer]] = {}
    for form in LIBRARY.forms.values():
        if form.id == "checkin" or not data.draw(st.booleans(), label=f"answer {form.id}"):
            continue
        answers: dict[str, Answer] = {}
        for item in form.items:
            if item.type is ItemType.info or item.id not in {i.id for i in visible_items(form, answers)}:
                continue
            if not item.required and data.draw(st.booleans(), label=f"skip {item.id}"):
                continue
            answers[item.id] = data.draw(_answer(form, item, answers), label=f"{form.id}.{item.id}")
        responses[form.id] = answers
    if not responses:
        return
    name = data.draw(_NAME, label="name")
    visit = {"patient": {"legal_name": name, "date_of_birth": "1970-12-31"}, "language": "en", "responses": responses}
    submission = build_submission(LIBRARY, visit, kiosk_id="k", now=NOW)
    bundle = json.loads(visit_bundle_json(submission, LIBRARY, _ANSWERS_ONLY))
    again = build_submission(LIBRARY, visit_from_bundle(bundle, LIBRARY), kiosk_id="k", now=NOW)
    # The lenient importer of other systems' input reads our own bundle exactly as the strict one,
    # finds our totals agreeing (no warning flag) and takes the responses' time as the visit's.
    imported = import_visit(bundle, LIBRARY)
    assert imported.visit == visit_from_bundle(bundle, LIBRARY) and imported.submitted_at == NOW
    assert with_import_flags(again, imported) == again
    assert again.patient == submission.patient
    for form_id, response in submission.responses.items():
        assert again.responses[form_id].answers == response.answers
        assert again.responses[form_id].scores == response.scores
