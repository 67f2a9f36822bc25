"""Answer values keep the type the form gives them: a decimal item's 5.0 stays 5.0, a whole
valueInteger is read for it, and JSON-type slips are refused by name (never guessed)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiosk.fhir import import_visit
from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report.fhir import FhirImportError, visit_bundle_json, visit_from_bundle
from tests.fhir.conftest import NOW, kinds_answers, phq9_answers, visit_json


def _bundle(kinds_library: FormLibrary, **answers: Any) -> dict[str, Any]:
    visit = visit_json({"phq9": phq9_answers(), "kinds_test": kinds_answers(**answers)})
    submission: Submission = build_submission(kinds_library, visit, kiosk_id="lobby-1", now=NOW)
    data: dict[str, Any] = json.loads(visit_bundle_json(submission, kinds_library))
    return data


def _answer(bundle: dict[str, Any], link_id: str) -> dict[str, Any]:
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "QuestionnaireResponse" and "kinds_test" in resource["questionnaire"]:
            stack = list(resource["item"])
            while stack:
                item = stack.pop()
                stack += item.get("item", [])
                if item["linkId"] == link_id:
                    answer: dict[str, Any] = item["answer"][0]
                    return answer
    raise AssertionError(link_id)


def test_a_whole_decimal_stays_a_decimal(kinds_library: FormLibrary) -> None:
    bundle = _bundle(kinds_library, weeks=5.0)
    assert _answer(bundle, "weeks") == {"valueDecimal": 5.0}
    weeks = visit_from_bundle(bundle, kinds_library)["responses"]["kinds_test"]["weeks"]
    assert weeks == 5.0 and type(weeks) is float


def test_a_whole_value_integer_is_read_for_a_decimal_item(kinds_library: FormLibrary) -> None:
    bundle = _bundle(kinds_library)
    answer = _answer(bundle, "weeks")
    answer.clear()
    answer["valueInteger"] = 12
    weeks = visit_from_bundle(bundle, kinds_library)["responses"]["kinds_test"]["weeks"]
    assert weeks == 12 and type(weeks) is int


@pytest.mark.parametrize(("link_id", "value", "problem"), [
    # what the R4 models let through, our reading refuses (the first would have read "false" as yes)
    ("pregnant", {"valueBoolean": "false"}, "(pregnant): valueBoolean must be true or false (a JSON boolean, not text)"),
    ("weeks", {"valueDecimal": "12.5"}, "(weeks): valueDecimal must be a number (not text)"),
    # what the R4 models refuse first, naming the element
    ("weeks", {"valueDecimal": True}, "answer[0].valueDecimal: Decimal value string does not match spec regex."),
    ("weeks", {"valueInteger": 12.5}, "answer[0].valueInteger: Input should be a valid integer, got a number "
                                      "with a fractional part"),
])
def test_json_type_slips_are_refused_naming_the_field(kinds_library: FormLibrary, link_id: str,
                                                      value: dict[str, Any], problem: str) -> None:
    bundle = _bundle(kinds_library)
    answer = _answer(bundle, link_id)
    answer.clear()
    answer.update(value)
    with pytest.raises(FhirImportError) as caught:
        import_visit(bundle, kinds_library)  # the path of `kiosk submit --fhir`
    [message] = caught.value.problems
    assert message.endswith(problem)
