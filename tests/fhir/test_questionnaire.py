"""Every form as a FHIR R4 Questionnaire: validates, linkIds, codes, scores, skip logic."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhirpathpy import evaluate
from fhirpathpy.models import models

from kiosk.forms import FormLibrary
from kiosk.forms.scoring import score_form, visible_answers
from kiosk.intake.visit import build_submission
from kiosk.report.fhir import questionnaire_for, questionnaire_resource, visit_bundle_resource
from kiosk.report.fhir_bindings import binding_problems
from kiosk.report.fhir_common import (
    EXT_CALCULATED_EXPRESSION,
    EXT_ENABLE_WHEN_EXPRESSION,
    EXT_OPTION_EXCLUSIVE,
    EXT_ORDINAL_VALUE,
    EXT_TRANSLATION,
)
from tests.fhir.conftest import NOW, kinds_answers, visit_json


def _items(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in resource["item"]}


def _spanish(element: dict[str, Any]) -> str:
    (ext,) = [e for e in element["extension"] if e["url"] == EXT_TRANSLATION]
    parts = {p["url"]: p for p in ext["extension"]}
    assert parts["lang"]["valueCode"] == "es"
    return str(parts["content"]["valueString"])


def test_every_form_exports_a_valid_active_questionnaire(kinds_library: FormLibrary) -> None:
    for form in kinds_library.forms.values():
        model = questionnaire_for(form)
        assert isinstance(model, Questionnaire)
        resource = questionnaire_resource(form)
        assert binding_problems(resource) == []
        assert resource["status"] == "active"
        assert resource["version"] == form.version
        assert resource["url"] == f"http://lobby-kiosk.example/fhir/Questionnaire/{form.id}"
        link_ids = [item["linkId"] for item in resource["item"]]
        assert link_ids[: len(form.items)] == [item.id for item in form.items]
        assert len(link_ids) == len(form.items) + len(form.scores)


def test_item_types_map_to_fhir_types(kinds_library: FormLibrary) -> None:
    items = _items(questionnaire_resource(kinds_library.form("kinds_test")))
    expected = {
        "intro": "display", "often1": "choice", "drugs": "choice", "pregnant": "boolean",
        "weeks": "decimal", "both_often": "text", "drug_note": "string", "sure": "choice",
        "last_meal": "date", "last_meal_time": "time", "contact": "string", "signature": "attachment",
    }
    assert {k: items[k]["type"] for k in expected} == expected
    assert items["drugs"]["repeats"] is True
    assert "repeats" not in items["often1"]
    assert items["drug_note"]["maxLength"] == 100
    assert "required" not in items["intro"]
    assert items["contact"]["required"] is False
    assert [o["valueCoding"]["code"] for o in items["sure"]["answerOption"]] == ["yes", "no", "unsure"]
    exclusive = [
        o["valueCoding"]["code"] for o in items["drugs"]["answerOption"]
        if {"url": EXT_OPTION_EXCLUSIVE, "valueBoolean": True} in o.get("extension", [])
    ]
    assert exclusive == ["none"]
    limits = {e["url"].rsplit("/", 1)[-1]: e["valueDecimal"] for e in items["weeks"]["extension"]}
    assert limits == {"minValue": 1, "maxValue": 42}
    (help_item,) = items["often1"]["item"]
    assert help_item["type"] == "display" and help_item["text"] == "Think of last week."


def test_phq9_codes_scores_loinc_and_spanish(library: FormLibrary) -> None:
    resource = questionnaire_resource(library.form("phq9"))
    assert resource["code"] == [{"system": "http://loinc.org", "code": "44249-1"}]
    assert _spanish(resource["_title"]) == "Cuestionario sobre la salud del paciente (PHQ-9)"
    items = _items(resource)
    q1 = items["q1"]
    assert q1["code"] == [{"system": "http://loinc.org", "code": "44250-9"}]
    assert _spanish(q1["_text"]) == "Poco interés o placer en hacer cosas"
    options = q1["answerOption"]
    # The LOINC answer code is the Coding (what an EHR matches on); ours rides in an extension.
    assert [o["valueCoding"]["system"] for o in options] == ["http://loinc.org"] * 4
    assert [o["valueCoding"]["code"] for o in options] == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    ours = [o["valueCoding"]["extension"][0]["valueCoding"] for o in options]
    assert [c["code"] for c in ours] == ["0", "1", "2", "3"]
    assert {c["system"] for c in ours} == {"http://lobby-kiosk.example/fhir/CodeSystem/phq9-frequency"}
    assert [o["valueCoding"]["display"] for o in options][3] == "Nearly every day"
    assert _spanish(options[3]["valueCoding"]["_display"]) == "Casi todos los días"
    ordinals = [[e["valueDecimal"] for e in o["extension"] if e["url"] == EXT_ORDINAL_VALUE] for o in options]
    assert ordinals == [[0], [1], [2], [3]]
    # The unscored difficulty question carries codes but no ordinal value.
    assert all("extension" not in o for o in items["difficulty"]["answerOption"])
    total = items["44261-6"]
    assert total["type"] == "integer" and total["readOnly"] is True
    assert total["code"] == [{"system": "http://loinc.org", "code": "44261-6"}]


def test_item_conditions_become_enable_when(kinds_library: FormLibrary) -> None:
    items = _items(questionnaire_resource(kinds_library.form("kinds_test")))
    assert items["weeks"]["enableWhen"] == [{"question": "pregnant", "operator": "=", "answerBoolean": True}]
    note = items["drug_note"]
    assert note["enableBehavior"] == "any"
    shown_by = [(w["question"], w["answerCoding"]["code"]) for w in note["enableWhen"]]
    # "drugs in [cannabis, other]" or "often1 >= 2": each matching option is one "=" test.
    assert shown_by == [("drugs", "cannabis"), ("drugs", "other"), ("often1", "2")]
    assert all(w["operator"] == "=" for w in note["enableWhen"])


def test_sum_of_condition_becomes_an_sdc_expression(kinds_library: FormLibrary) -> None:
    item = _items(questionnaire_resource(kinds_library.form("kinds_test")))["both_often"]
    assert "enableWhen" not in item  # SDC: never both enableWhen and enableWhenExpression
    (ext,) = item["extension"]
    assert ext["url"] == EXT_ENABLE_WHEN_EXPRESSION
    assert ext["valueExpression"]["language"] == "text/fhirpath"


def _expression(item: dict[str, Any], url: str) -> str:
    (ext,) = [e for e in item["extension"] if e["url"] == url]
    return str(ext["valueExpression"]["expression"])


def _evaluate(expression: str, response: dict[str, Any]) -> list[Any]:
    return list(evaluate(response, expression, {"resource": response}, models["r4"]))


@pytest.mark.parametrize(
    ("often1", "often2", "shown"), [(0, 0, False), (1, 1, False), (2, 1, True), (1, 2, True), (2, 2, True)]
)
def test_exported_fhirpath_agrees_with_our_skip_logic_and_score(
    kinds_library: FormLibrary, often1: int, often2: int, shown: bool
) -> None:
    form = kinds_library.form("kinds_test")
    answers = kinds_answers(often1=often1, often2=often2)
    answers = {k: v for k, v in answers.items() if k in visible_answers(form, answers)}
    if not shown:
        answers.pop("both_often", None)
    assert ("both_often" in visible_answers(form, answers)) is shown
    submission = build_submission(kinds_library, visit_json({"kinds_test": answers}), kiosk_id="k", now=NOW)
    bundle = visit_bundle_resource(submission, kinds_library)
    response = bundle["entry"][1]["resource"]
    items = _items(questionnaire_resource(form))
    assert _evaluate(_expression(items["both_often"], EXT_ENABLE_WHEN_EXPRESSION), response) == [shown]
    total = score_form(form, answers).scores["total"].value
    assert _evaluate(_expression(items["score.total"], EXT_CALCULATED_EXPRESSION), response) == [total]


def test_every_bundled_score_expression_matches_our_scorer(library: FormLibrary) -> None:
    """AUDIT, GAD-7, PHQ-9...: the calculatedExpression an EHR would run gives our total."""
    from tests.fhir.test_round_trip import some_answers

    for form in library.forms.values():
        answers = some_answers(form)
        if answers is None:
            continue
        submission = build_submission(library, visit_json({form.id: answers}), kiosk_id="k", now=NOW)
        response = visit_bundle_resource(submission, library)["entry"][1]["resource"]
        items = _items(questionnaire_resource(form))
        for rule in form.scores:
            link_id = rule.loinc or f"score.{rule.id}"
            if rule.method == "sum":
                got = _evaluate(_expression(items[link_id], EXT_CALCULATED_EXPRESSION), response)
                assert got == [submission.responses[form.id].scores[rule.id].value], (form.id, rule.id)
