"""One visit as a FHIR R4 Bundle: Patient, a QuestionnaireResponse per form, the Questionnaire
version each response cites, score and panel Observations, and a Flag per raised flag.

Two bundle types. ``collection`` (the default) asks nothing of the receiver: a file for
whatever integration a clinic runs. ``transaction`` is what a FHIR server is POSTed: every
entry is a conditional create (``ifNoneExist`` on the resource's identifier, and on
``url`` + ``version`` for a Questionnaire), so sending the same visit twice creates nothing
twice, and the Patient is found again by the clinic's MRN or the kiosk's patient key.

Every resource has an ``id``: a UUID derived from the visit id (uuid5), the same in every
export of the visit, also written as the resource's ``identifier`` (``urn:ietf:rfc:3986``)
so the conditional create has something to match. Full URLs are ``urn:uuid:<id>``.

``QuestionnaireResponse.questionnaire`` cites ``<canonical>|<version>``; with
questionnaires (the default) the Bundle holds that exact Questionnaire, built from the
definition the visit was answered with (the caller passes ``answered_library``), not
today's file. Item texts in a response are the wording the patient saw (text variants
resolved); the Questionnaire lists every variant (see fhir_questionnaire).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition, ItemType
from kiosk.forms.variants import item_text
from kiosk.intake.submission import FormResponse, Submission
from kiosk.report.fhir_answers import to_fhir_answers
from kiosk.report.fhir_bindings import binding_problems
from kiosk.report.fhir_common import (
    SCORE_LINK_PREFIX,
    SDC_RESPONSE,
    US_CORE_RESPONSE,
    VISIT_IDENTIFIER_SYSTEM,
    FhirExportError,
    questionnaire_url,
    validated,
)
from kiosk.report.fhir_flags import flag_resource
from kiosk.report.fhir_import import visit_from_bundle
from kiosk.report.fhir_options import BundleOptions
from kiosk.report.fhir_observations import observation_resource, panel_resource
from kiosk.report.fhir_patient import PatientIdentifier, birth_sex, patient_resource
from kiosk.report.fhir_questionnaire import questionnaire_json, score_link_id

URI_SYSTEM = "urn:ietf:rfc:3986"
"""Identifier system whose values are URIs: our resources' ``urn:uuid`` ids."""


def _instant(moment: dt.datetime) -> str:
    """FHIR dateTimes with a time need a zone; the kiosk records UTC (written ``Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.isoformat().replace("+00:00", "Z")


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
        "meta": {"profile": [SDC_RESPONSE, US_CORE_RESPONSE]},
        "language": language,
        "questionnaire": f"{questionnaire_url(form.id)}|{response.version}",
        "status": "completed",
        "subject": {"reference": subject},
        "authored": _instant(response.completed_at),
        "item": items,
    }


class _Entries:
    """The Bundle's entries as they are built: ids, full URLs and the conditional requests."""

    def __init__(self, submission: Submission, options: BundleOptions) -> None:
        self.submission = submission
        self.options = options
        self.entries: list[dict[str, Any]] = []

    def url(self, part: str) -> str:
        """The full URL of the visit's resource ``part`` (stable: uuid5 of the visit id)."""
        return f"urn:uuid:{uuid.uuid5(self.submission.id, part)}"

    def add(self, part: str, resource: dict[str, Any], search: str | None = None) -> str:
        """Add ``resource`` with its id; its full URL. ``search`` replaces the ``urn:uuid``
        identifier as what ``ifNoneExist`` matches on (``""``: no identifier at all, for a
        Patient of a collection exported without MRN or kiosk key)."""
        full_url = self.url(part)
        resource = {"resourceType": resource["resourceType"], "id": full_url.removeprefix("urn:uuid:"),
                    **resource}
        if search is None:
            own = {"system": URI_SYSTEM, "value": full_url}
            single = resource["resourceType"] == "QuestionnaireResponse"  # identifier 0..1 there
            resource["identifier"] = own if single else [*resource.get("identifier", []), own]
            search = f"identifier={URI_SYSTEM}|{full_url}"
        entry: dict[str, Any] = {"fullUrl": full_url, "resource": resource}
        if self.options.bundle_type == "transaction":
            entry["request"] = {"method": "POST", "url": resource["resourceType"], "ifNoneExist": search}
        self.entries.append(entry)
        return full_url


def _questionnaire(form: FormDefinition) -> tuple[dict[str, Any], str]:
    """The cited Questionnaire version and the search that finds it on a server."""
    resource = questionnaire_json(form)
    del resource["id"]  # the bundle gives it one derived from the visit, like every entry
    return resource, f"url={questionnaire_url(form.id)}&version={form.version}"


def _patient(submission: Submission, options: BundleOptions, entries: _Entries) -> str:
    if options.bundle_type == "transaction" and options.patient is None:
        raise FhirExportError(["a transaction Bundle needs the patient's identifier (MRN or kiosk key)"])
    resource = patient_resource(submission.patient, options.patient, birth_sex(submission))
    return entries.add("Patient", resource, options.patient.search() if options.patient else "")


def visit_bundle_resource(
    submission: Submission, library: FormLibrary, options: BundleOptions = BundleOptions()
) -> dict[str, Any]:
    """The visit as Bundle JSON, validated by the R4 models and our code checks."""
    missing = sorted(set(submission.responses) - set(library.forms))
    if missing:
        raise FhirExportError([f"form {f!r} of this visit is no longer in the forms folder" for f in missing])
    entries = _Entries(submission, options)
    patient_url = _patient(submission, options, entries)
    context = submission.context(library.rules)
    later: list[tuple[str, dict[str, Any], str | None]] = []
    for form_id, response in submission.responses.items():
        form = library.form(form_id)
        response_url = entries.add(f"QuestionnaireResponse/{form_id}",
                                   response_resource(form, response, submission.language, patient_url, context))
        refs = (patient_url, response_url, _instant(response.completed_at))
        members = []
        for rule in form.scores:
            if rule.id in response.scores:
                part = f"Observation/{form_id}/{rule.id}"
                later.append((part, observation_resource(form, rule, response.scores[rule.id], response, refs,
                                                         context), None))
                members.append(entries.url(part))
        if members:
            later.append((f"Observation/{form_id}", panel_resource(form, members, refs), None))
        later += [(f"Flag/{form_id}/{flag.id}", flag_resource(flag, patient_url, response_url, refs[2]), None)
                  for flag in response.flags]
        if options.with_questionnaires and form.version == response.version:
            # Otherwise the store did not hold the definition answered (a visit from before
            # definitions were kept): today's file is not the version the response cites.
            later.append((f"Questionnaire/{form_id}", *_questionnaire(form)))
    for part, resource, search in later:
        entries.add(part, resource, search)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(submission.id),
        "identifier": {"system": VISIT_IDENTIFIER_SYSTEM, "value": str(submission.id)},
        "type": options.bundle_type,
        "timestamp": _instant(submission.created_at),
        "entry": entries.entries,
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


def visit_bundle(submission: Submission, library: FormLibrary, options: BundleOptions = BundleOptions()) -> Bundle:
    """The visit as a fhir.resources (R4) Bundle model."""
    return Bundle.model_validate(visit_bundle_resource(submission, library, options))


def visit_bundle_json(submission: Submission, library: FormLibrary, options: BundleOptions = BundleOptions()) -> str:
    """The visit as FHIR JSON text, ready to write to an export file."""
    return json.dumps(visit_bundle_resource(submission, library, options), ensure_ascii=False, indent=2) + "\n"
