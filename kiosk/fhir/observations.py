"""Observation-only input: a panel Observation with ``hasMember`` item Observations, read as
the QuestionnaireResponse it stands for (linkIds = the members' LOINC codes).

A panel whose members are only totals (or a lone total Observation) is refused: a total
alone cannot be stored as a visit, since scores and flags are computed from the answers.
"""

from __future__ import annotations

from typing import Any

from kiosk.fhir.form_match import loinc_codes
from kiosk.fhir.inputs import Located, Parts
from kiosk.forms.loader import FormLibrary
from kiosk.limits import shown_key
from kiosk.report.fhir_common import LOINC, LOINC_QUESTIONNAIRE_BASE

_STATUS = {"final": "completed", "amended": "amended", "corrected": "amended"}
_VALUES = ("valueInteger", "valueBoolean", "valueString", "valueDateTime", "valueTime")


def _code(observation: dict[str, Any]) -> str | None:
    codes = sorted(loinc_codes((observation.get("code") or {}).get("coding")))
    return codes[0] if codes else None


def _answer(observation: dict[str, Any]) -> dict[str, Any] | None:
    concept = observation.get("valueCodeableConcept")
    if isinstance(concept, dict):
        codings = [c for c in concept.get("coding") or [] if isinstance(c, dict)]
        loinc = [c for c in codings if c.get("system") == LOINC]
        if loinc or codings:
            return {"valueCoding": (loinc or codings)[0]}
        return {"valueString": concept["text"]} if concept.get("text") else None
    quantity = observation.get("valueQuantity")
    if isinstance(quantity, dict) and quantity.get("value") is not None:
        return {"valueDecimal": quantity["value"]}
    for key in _VALUES:
        if key in observation:
            return {key.replace("valueDateTime", "valueDate"): observation[key]}
    return None


def _score_codes(library: FormLibrary) -> set[str]:
    return {rule.loinc for form in library.forms.values() for rule in form.scores if rule.loinc}


def responses_from_observations(parts: Parts, library: FormLibrary, problems: list[str]) -> list[Located]:
    """A QuestionnaireResponse per panel Observation (problems appended for members missing or totals only).

    Only when the input holds no QuestionnaireResponse: beside responses, Observations are the
    scores derived from them (our own export adds a panel per instrument), not a second visit.
    """
    if parts.responses:
        return []
    panels = [o for o in parts.observations if o.resource.get("hasMember")]
    totals = _score_codes(library)
    found = []
    for panel in panels:
        resource, where = panel.resource, panel.where
        items = []
        for n, member_ref in enumerate(resource["hasMember"]):
            member = parts.references.get(str(member_ref.get("reference")))
            if member is None:
                problems.append(f"{where}.hasMember[{n}]: {shown_key(member_ref.get('reference'))} is not in the input "
                                "(send the item Observations in the same Bundle)")
                continue
            code, answer = _code(member), _answer(member)
            if code and answer:
                items.append({"linkId": code, "answer": [answer]})
        if items and all(item["linkId"] in totals for item in items):
            problems.append(f"{where}: holds only a total score, no item answers; the kiosk stores a visit "
                            "from the answers (send the item Observations, or a QuestionnaireResponse)")
            continue
        response: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "status": _STATUS.get(str(resource.get("status")), str(resource.get("status"))),
            "questionnaire": LOINC_QUESTIONNAIRE_BASE + (_code(resource) or "unknown"),
            "item": items,
        }
        for key, ours in (("subject", "subject"), ("effectiveDateTime", "authored"), ("language", "language")):
            if key in resource:
                response[ours] = resource[key]
        found.append(Located(where, response))
    if not panels:
        lone = [o for o in parts.observations if _code(o.resource) in totals]
        if lone:
            problems.append(f"{lone[0].where}: holds only a total score ({_code(lone[0].resource)}), no item "
                            "answers; the kiosk stores a visit from the answers (send the item Observations "
                            "under a panel Observation, or a QuestionnaireResponse)")
    return found
