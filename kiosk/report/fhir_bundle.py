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

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition, ItemType, ScoreRule
from kiosk.forms.scoring import ScoreValue
from kiosk.forms.variants import item_text
from kiosk.intake.submission import FormResponse, Patient, Submission
from kiosk.report.fhir_answers import to_fhir_answers
from kiosk.report.fhir_bindings import binding_problems
from kiosk.report.fhir_common import (
    CANONICAL_BASE,
    LOINC,
    OBSERVATION_CATEGORY,
    SCORE_LINK_PREFIX,
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


def _untyped_answers(answer: Any) -> list[dict[str, Any]]:
    """Answers the current form cannot type (an item or option since removed), kept as found."""
    kinds = {bool: "valueBoolean", int: "valueDecimal", float: "valueDecimal", str: "valueString"}
    values = answer if isinstance(answer, list) else [answer]
    return [{kinds.get(type(v), "valueString"): v if type(v) in kinds else str(v)} for v in values]


def response_resource(
    form: FormDefinition, response: FormResponse, language: str, subject: str, context: VisitContext = NO_CONTEXT
) -> dict[str, Any]:
    """A completed QuestionnaireResponse: shown answers in form order, then the scores.

    Each item's text is the wording the patient saw (``context``: the visit, for items
    worded by other answers such as USAUDIT item 3).

    A visit stored under an older form version is exported as stored: answers the current
    definition cannot type are kept untyped rather than dropped.
    """
    items: list[dict[str, Any]] = []
    known = {item.id: item for item in form.items}
    for item in form.items:
        answer = response.answers.get(item.id)
        if item.type is ItemType.info or answer is None:
            continue
        answers = to_fhir_answers(form, item, answer) or _untyped_answers(answer)
        items.append({"linkId": item.id, "text": item_text(form, item, response.answers, context).en, "answer": answers})
    for item_id, answer in response.answers.items():
        if item_id not in known and answer is not None:
            items.append({"linkId": item_id, "answer": _untyped_answers(answer)})
    rules = {rule.id: rule for rule in form.scores}
    for rule_id, score in response.scores.items():
        rule = rules.get(rule_id)
        link_id = score_link_id(rule) if rule else f"{SCORE_LINK_PREFIX}{rule_id}"
        title = {"text": rule.title.en} if rule else {}
        items.append({"linkId": link_id, **title, "answer": [{"valueInteger": score.value}]})
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
    band = rule.band(score.band)
    if band is not None:
        system = f"{CANONICAL_BASE}/CodeSystem/{form.id}-{rule.id}-bands"
        resource["interpretation"] = [
            {"coding": [{"system": system, "code": band.id, "display": band.label.en}], "text": band.label.en}
        ]
    return resource


def visit_bundle_resource(submission: Submission, library: FormLibrary) -> dict[str, Any]:
    """The visit as Bundle JSON, validated by the R4 models and our code checks."""
    missing = sorted(set(submission.responses) - set(library.forms))
    if missing:
        raise FhirExportError([f"form {f!r} of this visit is no longer in the forms folder" for f in missing])
    patient_url = _full_url(submission, "Patient")
    entries = [{"fullUrl": patient_url, "resource": patient_resource(submission.patient)}]
    observations = []
    for form_id, response in submission.responses.items():
        form = library.form(form_id)
        response_url = _full_url(submission, f"QuestionnaireResponse/{form_id}")
        resource = response_resource(form, response, submission.language, patient_url, submission.context())
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
    current = {f: r for f, r in submission.responses.items() if r.version == library.form(f).version}
    if len(current) < len(submission.responses):
        # Responses to older form versions cannot be checked against today's definitions.
        bundle = {**bundle, "entry": [e for e in bundle["entry"] if not _older(e["resource"], library)]}
    if not current:
        return
    try:
        visit = visit_from_bundle(bundle, library)
    except ValueError as exc:
        raise FhirExportError([f"our own bundle does not read back: {exc}"]) from None
    expected = {form_id: r.answers for form_id, r in current.items()}
    if {f: a for f, a in visit["responses"].items() if f in current} != expected:
        raise FhirExportError(["our own bundle reads back to different answers"])


def _older(resource: dict[str, Any], library: FormLibrary) -> bool:
    """Whether ``resource`` is a response citing a form version other than the current one."""
    if resource["resourceType"] != "QuestionnaireResponse":
        return False
    url, _, version = str(resource["questionnaire"]).partition("|")
    form_id = url.rsplit("/", 1)[-1]
    return form_id in library.forms and version != library.form(form_id).version


def visit_bundle(submission: Submission, library: FormLibrary) -> Bundle:
    """The visit as a fhir.resources (R4) Bundle model."""
    return Bundle.model_validate(visit_bundle_resource(submission, library))


def visit_bundle_json(submission: Submission, library: FormLibrary) -> str:
    """The visit as FHIR JSON text, ready to write to an export file."""
    return json.dumps(visit_bundle_resource(submission, library), ensure_ascii=False, indent=2) + "\n"
