"""AUDIT items 4-10 by their LOINC codes (panel 72110-0): a foreign-style response imports, and
our export carries the codes. The example was written for this test, not copied."""

from __future__ import annotations

from typing import Any

from kiosk.fhir import import_visit
from kiosk.forms import FormLibrary
from kiosk.intake.visit import build_submission
from kiosk.report.fhir import questionnaire_resource, visit_bundle_resource
from tests.fhir.conftest import NOW
from tests.fhir.foreign import LOINC, coded, in_bundle, patient

PANEL = "72110-0"
# item LOINC code, answer: (LA code, display) for coded answers, or the display text alone (items 9-10,
# whose "ever" answers have no LOINC answer code the form could confirm)
SENT: list[tuple[str, Any]] = [
    ("68518-0", ("LA18928-4", "2-3 times a week")),
    ("68519-8", ("LA18930-0", "5 or 6")),
    ("68520-6", ("LA18933-4", "Less than monthly")),
    ("97734-8", ("LA18876-5", "Monthly")),
    ("97735-5", ("LA6270-8", "Never")),
    ("97736-3", ("LA18933-4", "Less than monthly")),
    ("97737-1", ("LA18891-4", "Weekly")),
    ("97738-9", ("LA18933-4", "Less than monthly")),
    ("97739-7", "Yes, but not in the last year"),
    ("97740-5", "Yes, during the last year"),
]
EXPECTED = {"q1": 3, "q2": 2, "q3": 1, "q4": 2, "q5": 0, "q6": 1, "q7": 3, "q8": 1, "q9": 2, "q10": 4}


def audit_response() -> dict[str, Any]:
    """LHC-Forms style linkIds under the panel group; LA answer codes where LOINC has them."""
    items = []
    for code, answer in SENT:
        value = coded(*answer) if isinstance(answer, tuple) else {"valueCoding": {"display": answer}}
        items.append({"linkId": f"/{PANEL}/{code}", "answer": [value]})
    return {"resourceType": "QuestionnaireResponse", "questionnaire": f"http://loinc.org/q/{PANEL}",
            "status": "completed", "subject": {"reference": "Patient/pt-7"},
            "item": [{"linkId": f"/{PANEL}", "item": items}]}


def test_audit_items_4_to_10_import_by_loinc_link_id_and_answer_code(library: FormLibrary) -> None:
    imported = import_visit(in_bundle(patient(), audit_response()), library, now=NOW)
    assert imported.visit["responses"] == {"audit": EXPECTED}
    assert imported.by_position == set()  # found by their codes, not by the last-resort position rule
    audit = build_submission(library, imported.visit, kiosk_id="desk", now=NOW).responses["audit"]
    assert (audit.scores["total"].value, audit.scores["total"].band) == (19, "harmful")
    assert sorted(f.id for f in audit.flags) == ["audit_dependence_items", "audit_harm_items"]


def test_export_carries_the_audit_item_and_answer_codes(library: FormLibrary) -> None:
    form = library.form("audit")
    questionnaire = questionnaire_resource(form)
    item_codes = {i["linkId"]: [c["code"] for c in i.get("code", []) if c["system"] == LOINC]
                  for i in questionnaire["item"]}
    assert [item_codes[f"q{n}"] for n in range(1, 11)] == [[code] for code, _ in SENT]
    visit = import_visit(in_bundle(patient(), audit_response()), library, now=NOW).visit
    bundle = visit_bundle_resource(build_submission(library, visit, kiosk_id="desk", now=NOW), library)
    [response] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    answers = {i["linkId"]: i["answer"][0].get("valueCoding") for i in response["item"]}
    for n, (_, sent) in enumerate(SENT[:8], start=1):
        assert (answers[f"q{n}"]["system"], answers[f"q{n}"]["code"]) == (LOINC, sent[0])
    assert answers["q9"]["system"] != LOINC and answers["q10"]["code"] == "4"
