"""Foreign-style FHIR inputs written for these tests (not copied from any published example):
the shapes other systems send, each with answers whose PHQ-9 / GAD-7 / AUDIT-C totals are known."""

from __future__ import annotations

import copy
from typing import Any

LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
PHQ9_ITEMS = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"]
FREQ = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
FREQ_TEXT = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
PHQ9_SCORES = [2, 1, 1, 0, 2, 1, 1, 2, 0]  # total 10 (moderate), item 9 negative
GAD7_ITEMS = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
GAD7_SCORES = [1, 2, 0, 3, 1, 0, 2]  # total 9 (mild)
PAST = "2026-01-15T10:20:00-05:00"


def patient(pid: str = "pt-7") -> dict[str, Any]:
    return {"resourceType": "Patient", "id": pid, "name": [{"family": "Quintero", "given": ["Marisol"]}],
            "birthDate": "1969-08-21"}


def coded(code: str, display: str) -> dict[str, Any]:
    return {"valueCoding": {"system": LOINC, "code": code, "display": display}}


def phq9_lhc_style(scores: list[int] = PHQ9_SCORES) -> dict[str, Any]:
    """A bare QuestionnaireResponse: LHC-Forms paths (/44249-1/44250-9) in a group, contained Patient."""
    items = [{"linkId": f"/44249-1/{code}", "answer": [coded(FREQ[s], FREQ_TEXT[s])]}
             for code, s in zip(PHQ9_ITEMS, scores)]
    return {
        "resourceType": "QuestionnaireResponse",
        "contained": [{**patient("p1")}],
        "questionnaire": "http://loinc.org/q/44249-1",
        "status": "completed",
        "subject": {"reference": "#p1"},
        "authored": PAST,
        "item": [{"linkId": "/44249-1", "item": items}],
    }


def in_bundle(*resources: dict[str, Any], kind: str = "searchset") -> dict[str, Any]:
    entries = [{"fullUrl": f"urn:uuid:00000000-0000-4000-8000-{n:012d}", "resource": r}
               for n, r in enumerate(resources)]
    return {"resourceType": "Bundle", "type": kind, "entry": entries}


def phq9_ordinal_only() -> dict[str, Any]:
    """Plain LOINC linkIds, answers in the sender's own code system carrying only ordinalValue."""
    items = [{"linkId": code, "answer": [{"valueCoding": {
        "system": "urn:oid:2.16.840.1.113883.3.9999.7", "code": f"F{s}",
        "extension": [{"url": ORDINAL, "valueDecimal": s}]}}]} for code, s in zip(PHQ9_ITEMS, PHQ9_SCORES)]
    return {"resourceType": "QuestionnaireResponse", "questionnaire": "http://loinc.org/q/44249-1",
            "status": "completed", "subject": {"reference": "Patient/pt-7"}, "authored": PAST, "item": items}


def gad7_sender_questionnaire() -> dict[str, Any]:
    """The sender's own GAD-7: linkIds GAD.1..., local answer codes A-D with ordinalValue, LOINC item codes."""
    options = [{"valueCoding": {"system": "http://sender.example.org/cs/often", "code": "ABCD"[s],
                                "display": FREQ_TEXT[s]},
                "extension": [{"url": ORDINAL, "valueDecimal": s}]} for s in range(4)]
    return {
        "resourceType": "Questionnaire", "id": "q-gad", "url": "http://sender.example.org/Questionnaire/gad-local",
        "status": "active",
        "item": [{"linkId": "grp", "type": "group", "item": [
            {"linkId": f"GAD.{n + 1}", "type": "choice", "code": [{"system": LOINC, "code": code}],
             "answerOption": options} for n, code in enumerate(GAD7_ITEMS)]}],
    }


def gad7_local(contained: bool = True) -> dict[str, Any]:
    """A GAD-7 answered in the sender's local linkIds and codes (no display, no LOINC)."""
    items = [{"linkId": f"GAD.{n + 1}", "answer": [{"valueCoding": {
        "system": "http://sender.example.org/cs/often", "code": "ABCD"[s]}}]} for n, s in enumerate(GAD7_SCORES)]
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "http://sender.example.org/Questionnaire/gad-local|3",
        "status": "completed", "subject": {"reference": "Patient/pt-7"}, "authored": PAST,
        "item": [{"linkId": "grp", "item": items}],
    }
    if contained:
        response["contained"] = [gad7_sender_questionnaire()]
    return response


def auditc_panel() -> dict[str, Any]:
    """AUDIT-C sent as its own panel: 2-4 times a month (2), 3 or 4 (1), monthly (2) = 5."""
    return {
        "resourceType": "QuestionnaireResponse", "questionnaire": "http://loinc.org/q/72109-2",
        "status": "completed", "subject": {"reference": "Patient/pt-7"}, "authored": PAST,
        "item": [{"linkId": "/68518-0", "answer": [coded("LA18927-6", "2-4 times a month")]},
                 {"linkId": "/68519-8", "answer": [coded("LA15695-2", "3 or 4")]},
                 {"linkId": "/68520-6", "answer": [coded("LA18876-5", "Monthly")]},
                 {"linkId": "/75626-2", "answer": [{"valueInteger": 5}]}],
    }


def with_total(response: dict[str, Any], total: int, link_id: str = "/44261-6") -> dict[str, Any]:
    changed = copy.deepcopy(response)
    changed["item"].append({"linkId": link_id, "answer": [{"valueInteger": total}]})
    return changed


def gad7_by_position(answers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The sender's canonical (aliased by the clinic) and linkIds H1/T1/Q1... that name nothing of ours;
    answers given by Spanish display text only."""
    spanish = ["Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días"]
    answers = answers or [{"valueCoding": {"system": "http://h.example/cs", "code": f"x{s}",
                                           "display": spanish[s].upper()}} for s in GAD7_SCORES]
    items = [{"linkId": f"H1/T1/Q{n + 1}", "answer": [a]} for n, a in enumerate(answers)]
    return {"resourceType": "QuestionnaireResponse", "language": "es",
            "questionnaire": "http://h.example/fhir/Questionnaire/ansiedad-7|2024",
            "status": "completed", "subject": {"reference": "Patient/pt-7"}, "authored": PAST, "item": items}


def phq9_observations(only_total: bool = False) -> dict[str, Any]:
    """A panel Observation 44249-1 with hasMember item Observations (or only the total one)."""
    members = [] if only_total else [
        {"resourceType": "Observation", "id": f"o{n}", "status": "final",
         "code": {"coding": [{"system": LOINC, "code": code}]},
         "subject": {"reference": "Patient/pt-7"},
         "valueCodeableConcept": {"coding": [{"system": LOINC, "code": FREQ[s], "display": FREQ_TEXT[s]}]}}
        for n, (code, s) in enumerate(zip(PHQ9_ITEMS, PHQ9_SCORES))]
    total = {"resourceType": "Observation", "id": "ototal", "status": "final",
             "code": {"coding": [{"system": LOINC, "code": "44261-6"}]},
             "subject": {"reference": "Patient/pt-7"}, "valueInteger": 10}
    panel = {"resourceType": "Observation", "id": "panel", "status": "final",
             "code": {"coding": [{"system": LOINC, "code": "44249-1"}]},
             "subject": {"reference": "Patient/pt-7"}, "effectiveDateTime": PAST,
             "hasMember": [{"reference": f"Observation/{m['id']}"} for m in [*members, total]]}
    return in_bundle(patient(), panel, *members, total, kind="collection")
