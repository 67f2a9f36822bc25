"""One visit as a FHIR R4 Bundle: Patient, a QuestionnaireResponse per form, score Observations.

Bundle type ``collection``: the file is handed to whatever integration a clinic runs, and a
collection asks nothing of the receiver. A ``transaction`` would tell a server to create a
new Patient on every import (we hold no MRN to make the create conditional), duplicating
patients in the EHR. Full URLs are ``urn:uuid``s derived from the submission id, so
exporting the same visit twice gives the same bundle.

Scores follow the US Core screening-assessment pattern: category ``survey``, LOINC code,
``valueInteger``, ``derivedFrom`` the response; the band goes in ``interpretation``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition, ItemType, ScoreRule
from kiosk.forms.scoring import ScoreValue
from kiosk.intake.submission import FormResponse, Patient, Submission
from kiosk.report.fhir_answers import to_fhir_answers
from kiosk.report.fhir_bindings import binding_problems
from kiosk.report.fhir_common import (
    CANONICAL_BASE,
    LOINC,
    OBSERVATION_CATEGORY,
    VISIT_IDENTIFIER_SYSTEM,
    FhirExportError,
    questionnaire_url,
    score_system,
    validated,
)
from kiosk.report.fhir_import import visit_from_bundle
from kiosk.report.fhir_questionnaire import score_link_id


def _full_url(submission: Submission, part: str) -> str:
    return f"urn:uuid:{uuid.uuid5(submission.id, part)}"


def _instant(moment: dt.datetime) -> str:
    """FHIR dateTimes with a time need a zone; the kiosk records UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.isoformat()


def patient_resource(patient: Patient) -> dict[str, Any]:
    """The Patient: legal name (as written, never split), preferred name, birth date, phone."""
    names = [{"use": "official", "text": patient.legal_name}]
    if patient.preferred_name:
        names.append({"use": "usual", "text": patient.preferred_name})
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "name": names,
        "birthDate": patient.date_of_birth.isoformat(),
    }
    if patient.phone:
        resource["telecom"] = [{"system": "phone", "value": patient.phone}]
    return resource


def response_resource(
    form: FormDefinition, response: FormResponse, language: str, subject: str
) -> dict[str, Any]:
    """A completed QuestionnaireResponse: shown answers in form order, then the scores."""
    items: list[dict[str, Any]] = []
    for item in form.items:
        answer = response.answers.get(item.id)
        if item.type is ItemType.info or answer is None:
            continue
        items.append({"linkId": item.id, "text": item.text.en, "answer": to_fhir_answers(form, item, answer)})
    for rule in form.scores:
        score = response.scores.get(rule.id)
        if score is not None:
            items.append(
                {"linkId": score_link_id(rule), "text": rule.title.en, "answer": [{"valueInteger": score.value}]}
            )
    return {
        "resourceType": "QuestionnaireResponse",
        "language": language,
        "questionnaire": f"{questionnaire_url(form.id)}|{response.version}",
        "status": "completed",
        "subject": {"reference": subject},
        "authored": _instant(response.completed_at),
        "item": items,
    }


def _score_code(form: FormDefinition, rule: ScoreRule) -> dict[str, Any]:
    if rule.loinc:
        return {"coding": [{"system": LOINC, "code": rule.loinc, "display": rule.title.en}], "text": rule.title.en}
    own = {"system": score_system(form), "code": rule.id, "display": rule.title.en}
    return {"coding": [own], "text": rule.title.en}


def observation_resource(
    form: FormDefinition, rule: ScoreRule, score: ScoreValue, response: FormResponse, subject: str, derived_from: str
) -> dict[str, Any]:
    """One score as a survey Observation derived from its QuestionnaireResponse."""
    survey = {"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [survey]}],
        "code": _score_code(form, rule),
        "subject": {"reference": subject},
        "effectiveDateTime": _instant(response.completed_at),
        "valueInteger": score.value,
        "derivedFrom": [{"reference": derived_from}],
    }
    band = next((b for b in rule.bands if b.id == score.band), None)
    if band is not None:
        system = f"{CANONICAL_BASE}/CodeSystem/{form.id}-{rule.id}-bands"
        resource["interpretation"] = [
            {"coding": [{"system": system, "code": band.id, "display": band.label.en}], "text": band.label.en}
        ]
    return resource


def visit_bundle_resource(submission: Submission, library: FormLibrary) -> dict[str, Any]:
    """The visit as Bundle JSON, validated by the R4 models and our code checks."""
    patient_url = _full_url(submission, "Patient")
    entries = [{"fullUrl": patient_url, "resource": patient_resource(submission.patient)}]
    observations = []
    for form_id, response in submission.responses.items():
        form = library.form(form_id)
        response_url = _full_url(submission, f"QuestionnaireResponse/{form_id}")
        resource = response_resource(form, response, submission.language, patient_url)
        entries.append({"fullUrl": response_url, "resource": resource})
        for rule in form.scores:
            if rule.id in response.scores:
                obs = observation_resource(form, rule, response.scores[rule.id], response, patient_url, response_url)
                observations.append({"fullUrl": _full_url(submission, f"Observation/{form_id}/{rule.id}"), "resource": obs})
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "identifier": {"system": VISIT_IDENTIFIER_SYSTEM, "value": str(submission.id)},
        "type": "collection",
        "timestamp": _instant(submission.created_at),
        "entry": entries + observations,
    }
    problems = binding_problems(bundle)
    for n, entry in enumerate(bundle["entry"]):
        problems += [f"entry[{n}] {p}" for p in binding_problems(entry["resource"])]
    if problems:
        raise FhirExportError(problems)
    result = validated(bundle)
    _check_reads_back(result, submission, library)
    return result


def _check_reads_back(bundle: dict[str, Any], submission: Submission, library: FormLibrary) -> None:
    """The strict importer must read our bundle back to the same answers (linkIds, types)."""
    try:
        visit = visit_from_bundle(bundle, library)
    except ValueError as exc:
        raise FhirExportError([f"our own bundle does not read back: {exc}"]) from None
    expected = {form_id: r.answers for form_id, r in submission.responses.items()}
    if visit["responses"] != expected:
        raise FhirExportError(["our own bundle reads back to different answers"])


def visit_bundle(submission: Submission, library: FormLibrary) -> Bundle:
    """The visit as a fhir.resources (R4) Bundle model."""
    return Bundle.model_validate(visit_bundle_resource(submission, library))


def visit_bundle_json(submission: Submission, library: FormLibrary) -> str:
    """The visit as FHIR JSON text, ready to write to an export file."""
    return json.dumps(visit_bundle_resource(submission, library), ensure_ascii=False, indent=2) + "\n"
