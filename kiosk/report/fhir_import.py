"""A FHIR Bundle from another system back into the visit JSON that ``build_submission`` takes.

We only translate here; the visit then goes through ``kiosk.intake.visit.build_submission``
so imported visits meet exactly the checks and errors of the kiosk and ``kiosk submit``.
Refusals name the entry, item and problem (FhirImportError). Besides our own linkIds and
codes we accept LOINC ones (linkId ``44250-9``, answer ``http://loinc.org|LA6568-5``)
wherever the form YAML records them, and a ``questionnaire`` of ``http://loinc.org/q/<panel>``
or any canonical ending in the form's LOINC panel code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition, Item
from kiosk.limits import shown_key
from kiosk.report.fhir_answers import from_fhir_answers
from kiosk.report.fhir_bindings import binding_problems
from kiosk.report.fhir_common import (
    LOINC_QUESTIONNAIRE_BASE,
    SCORE_LINK_PREFIX,
    FhirImportError,
    questionnaire_url,
    readable_errors,
    resource_class_exists,
)

ACCEPTED_BUNDLE_TYPES = ("collection", "transaction", "batch", "searchset", "document", "message")
"""Bundles whose entries are resources as they stand (a ``document``'s Composition and a
``message``'s MessageHeader are read past: the answers are in the QuestionnaireResponses)."""
ACCEPTED_RESPONSE_STATUSES = ("completed", "amended")


def bundle_entries(data: Any) -> list[dict[str, Any]]:
    """The bundle's entries after the structural checks a FHIR model cannot do for us."""
    if not isinstance(data, dict):
        raise FhirImportError([f"bundle: must be a JSON object (a FHIR Bundle), got {type(data).__name__}"])
    if data.get("resourceType") != "Bundle":
        raise FhirImportError([f"resourceType: expected 'Bundle', got {shown_key(data.get('resourceType'))}"])
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        raise FhirImportError(["Bundle.entry: empty (expected a Patient and a QuestionnaireResponse per form)"])
    problems = []
    for n, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if not resource_class_exists(kind):
            problems.append(f"Bundle.entry[{n}].resource.resourceType: {shown_key(kind)} is not a FHIR R4 resource type")
    if problems:
        raise FhirImportError(problems)
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        raise FhirImportError(readable_errors(exc, "Bundle")) from None
    problems = binding_problems(data)
    for n, entry in enumerate(entries):
        problems += [f"Bundle.entry[{n}]: {p}" for p in binding_problems(entry["resource"])]
    if not problems and data["type"] not in ACCEPTED_BUNDLE_TYPES:
        problems.append(f"Bundle.type: {shown_key(data['type'])} is not one of {', '.join(ACCEPTED_BUNDLE_TYPES)}")
    if problems:
        raise FhirImportError(problems)
    return entries


def _name_text(name: dict[str, Any]) -> str:
    text = name.get("text") or " ".join([*name.get("given", []), name.get("family", "")])
    return " ".join(str(text).split())


def _patient(entries: list[dict[str, Any]], problems: list[str]) -> tuple[dict[str, Any], set[str]]:
    """The visit's patient fields and every reference that may point at the patient."""
    found = [(n, e) for n, e in enumerate(entries) if e["resource"]["resourceType"] == "Patient"]
    if len(found) != 1:
        problems.append(
            "Bundle: no Patient entry (the kiosk needs the patient's name and birthDate)"
            if not found else f"Bundle: {len(found)} Patient entries, expected one"
        )
        return {}, set()
    n, entry = found[0]
    resource = entry["resource"]
    patient = patient_fields(resource, f"Bundle.entry[{n}] Patient", problems)
    refs = {entry.get("fullUrl") or ""} | ({f"Patient/{resource['id']}"} if resource.get("id") else set())
    refs.discard("")
    return patient, refs


def patient_fields(resource: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    """The visit JSON's patient from a Patient resource; a missing name or birthDate is a problem."""
    names = resource.get("name") or []
    official = next((x for x in names if x.get("use") == "official"), names[0] if names else None)
    usual = next((x for x in names if x.get("use") in ("usual", "nickname") and x is not official), None)
    patient: dict[str, Any] = {}
    if official is None or not _name_text(official):
        problems.append(f"{where}.name: missing (the kiosk needs the patient's legal name)")
    else:
        patient["legal_name"] = _name_text(official)
    if usual is not None and _name_text(usual):
        patient["preferred_name"] = _name_text(usual)
    if not resource.get("birthDate"):
        problems.append(f"{where}.birthDate: missing (the kiosk needs the date of birth)")
    else:
        patient["date_of_birth"] = resource["birthDate"]
    phone = next((t for t in resource.get("telecom", []) if t.get("system") in ("phone", "sms")), None)
    if phone and phone.get("value"):
        patient["phone"] = phone["value"]
    return patient


def form_for(canonical: Any, library: FormLibrary) -> FormDefinition:
    """The form a ``QuestionnaireResponse.questionnaire`` canonical names; ValueError if none."""
    if not isinstance(canonical, str) or not canonical:
        raise ValueError("questionnaire: missing (which form was answered?)")
    url, _, version = canonical.partition("|")
    for form in library.forms.values():
        if url == questionnaire_url(form.id):
            if version and version != form.version:
                raise ValueError(
                    f"questionnaire: answers are for {form.id} version {version}, "
                    f"this kiosk has version {form.version}"
                )
            return form
        if form.loinc and (url == LOINC_QUESTIONNAIRE_BASE + form.loinc or url.rsplit("/", 1)[-1] == form.loinc):
            return form
    known = ", ".join(sorted(library.forms))
    raise ValueError(f"questionnaire: {shown_key(canonical)} is not one of this kiosk's forms ({known})")


def walk_items(items: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item, nested ones too (other systems often wrap questions in a group)."""
    for n, item in enumerate(items or []):
        here = f"{path}.item[{n}]"
        yield here, item
        for k, answer in enumerate(item.get("answer") or []):
            yield from walk_items(answer.get("item"), f"{here}.answer[{k}]")
        yield from walk_items(item.get("item"), here)


def _link_ids(form: FormDefinition) -> tuple[dict[str, Item], set[str]]:
    """Items by linkId (our id or LOINC), and linkIds we read past (scores, help texts)."""
    items = {item.id: item for item in form.items}
    items.update({item.loinc: item for item in form.items if item.loinc})
    skipped = {f"{SCORE_LINK_PREFIX}{rule.id}" for rule in form.scores}
    skipped |= {rule.loinc for rule in form.scores if rule.loinc}
    return items, skipped


def _answers(form: FormDefinition, resource: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    items, skipped = _link_ids(form)
    answers: dict[str, Any] = {}
    for path, entry in walk_items(resource.get("item"), where):
        link_id, given = entry["linkId"], entry.get("answer") or []
        item = items.get(link_id)
        if item is None:
            if link_id in skipped or (not given and entry.get("item")):
                continue  # our score is recomputed from the answers; groups only hold items
            problems.append(f"{path}: linkId {shown_key(link_id)} is not an item of form {form.id}")
            continue
        if item.id in answers:
            problems.append(f"{path}: item {item.id} is answered twice")
            continue
        if not given:
            continue
        try:
            answers[item.id] = from_fhir_answers(form, item, given)
        except ValueError as exc:
            problems.append(f"{path} ({item.id}): {exc}")
    return answers


def response_language(responses: list[dict[str, Any]]) -> str:
    for resource in responses:
        primary = str(resource.get("language") or "").split("-")[0].lower()
        if primary in ("en", "es"):
            return primary
    return "en"


def visit_from_bundle(data: Any, library: FormLibrary) -> dict[str, Any]:
    """``{"patient", "language", "responses"}`` from a Bundle, or FhirImportError naming each problem."""
    entries = bundle_entries(data)
    problems: list[str] = []
    patient, patient_refs = _patient(entries, problems)
    responses: dict[str, Any] = {}
    found = [(n, e["resource"]) for n, e in enumerate(entries) if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    if not found:
        problems.append("Bundle: no QuestionnaireResponse entry (nothing was answered)")
    for n, resource in found:
        where = f"Bundle.entry[{n}] QuestionnaireResponse"
        if resource["status"] not in ACCEPTED_RESPONSE_STATUSES:
            problems.append(f"{where}.status: {shown_key(resource['status'])} (only completed or amended responses can be stored)")
            continue
        reference = (resource.get("subject") or {}).get("reference")
        if reference is not None and patient_refs and reference not in patient_refs:
            problems.append(f"{where}.subject: {shown_key(reference)} is not the bundle's Patient")
        try:
            form = form_for(resource.get("questionnaire"), library)
        except ValueError as exc:
            problems.append(f"{where}.{exc}")
            continue
        if form.id in responses:
            problems.append(f"{where}: a second response to form {form.id}")
            continue
        responses[form.id] = _answers(form, resource, where, problems)
    if problems:
        raise FhirImportError(problems)
    return {"patient": patient, "language": response_language([r for _, r in found]), "responses": responses}
