"""A FHIR input from another system into the visit JSON ``build_submission`` takes.

Only translation happens here: the visit then meets every check of the kiosk and of
``kiosk submit``. What translation learns that the answers do not carry (the sender's
differing totals, answers matched by position, the ``authored`` time) travels beside the
visit in ImportedVisit and is put on the stored Submission by ``with_import_flags``.
Every refusal names the resource, the field and the reason, never a name, date or answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kiosk.fhir.aliases import FhirAliases
from kiosk.fhir.form_match import find_form
from kiosk.fhir.inputs import Located, Parts, split_input
from kiosk.fhir.item_match import POSITION_NOTE, map_response
from kiosk.fhir.mrn import patient_mrn
from kiosk.fhir.observations import responses_from_observations
from kiosk.forms.loader import FormLibrary
from kiosk.forms.scoring import RaisedFlag
from kiosk.intake.past_time import parse_past_time
from kiosk.intake.submission import Submission
from kiosk.limits import shown_key
from kiosk.report.fhir_common import FhirImportError
from kiosk.report.fhir_import import ACCEPTED_RESPONSE_STATUSES, patient_fields, response_language

PATIENT_OPTIONS = "--patient-name and --patient-dob"


@dataclass
class ImportedVisit:
    """The visit JSON, its submission time, and per form what the sender said that we did not compute."""

    visit: dict[str, Any]
    submitted_at: dt.datetime | None = None
    sender_totals: dict[str, dict[str, int]] = field(default_factory=dict)
    by_position: set[str] = field(default_factory=set)


def _patient(parts: Parts, responses: list[Located], given: dict[str, Any] | None,
             problems: list[str], mrn_system: str | None = None) -> tuple[dict[str, Any], Any]:
    """The patient: contained in a response, the Bundle's one Patient, or the command line's;
    with the MRN of its identifiers (kiosk.fhir.mrn), None when it has none."""
    found: list[tuple[str, dict[str, Any]]] = []
    for located in responses:
        reference = str((located.resource.get("subject") or {}).get("reference") or "")
        for n, contained in enumerate(located.resource.get("contained") or []):
            if contained.get("resourceType") == "Patient" and reference in ("", f"#{contained.get('id')}"):
                found.append((f"{located.where}.contained[{n}] Patient", contained))
        if reference and not reference.startswith("#") and parts.patient_refs and reference not in parts.patient_refs:
            problems.append(f"{located.where}.subject: {shown_key(reference)} is not the input's Patient")
    found += [(p.where, p.resource) for p in parts.patients]
    if found and given:
        problems.append(f"the input holds a Patient; give {PATIENT_OPTIONS} only for input without one")
        return {}, None
    if given:
        return given, None
    if not found:
        problems.append(f"no Patient: the input holds none (contained or in the Bundle); give {PATIENT_OPTIONS}")
        return {}, None
    patients = [patient_fields(resource, where, problems) for where, resource in found]
    mrns = [patient_mrn(resource, where, mrn_system, problems) for where, resource in found]
    if any(p != patients[0] for p in patients[1:]) or any(m != mrns[0] for m in mrns[1:]):
        problems.append(f"{found[1][0]}: a second, different Patient (one visit is for one patient)")
    return patients[0], mrns[0]


def _authored(located: Located, now: dt.datetime, problems: list[str]) -> dt.datetime | None:
    if "authored" not in located.resource:
        return None
    try:
        return parse_past_time(located.resource["authored"], now)
    except ValueError as exc:
        problems.append(f"{located.where}.authored: {exc}")
        return None


def import_visit(data: Any, library: FormLibrary, *, aliases: FhirAliases | None = None,
                 questionnaires: list[dict[str, Any]] | None = None,
                 patient: dict[str, Any] | None = None, now: dt.datetime | None = None,
                 mrn_system: str | None = None) -> ImportedVisit:
    """The visit in ``data``; FhirImportError lists every problem, and then nothing is stored.
    The Patient's MRN (type ``MR``, or of the clinic's ``mrn_system``) becomes the visit's ``mrn``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    parts = split_input(data)
    problems: list[str] = []
    responses = parts.responses + responses_from_observations(parts, library, problems)
    if not responses and not problems:
        problems.append("input: no QuestionnaireResponse (nor panel Observation): nothing was answered")
    imported = ImportedVisit(visit={})
    answered: dict[str, Any] = {}
    times = []
    for located in responses:
        resource, where = located.resource, located.where
        if resource.get("status") not in ACCEPTED_RESPONSE_STATUSES:
            problems.append(f"{where}.status: {shown_key(resource.get('status'))} "
                            "(only completed or amended responses can be stored)")
            continue
        try:
            match = find_form(resource, library, aliases or FhirAliases(), [*parts.questionnaires, *(questionnaires or [])])
        except ValueError as exc:
            problems.append(f"{where}.{exc}")
            continue
        if match.form.id in answered:
            problems.append(f"{where}: a second response to form {match.form.id}")
            continue
        mapped = map_response(match, resource, where, problems)
        answered[match.form.id] = mapped.answers
        if mapped.sender_totals:
            imported.sender_totals[match.form.id] = mapped.sender_totals
        if mapped.by_position:
            imported.by_position.add(match.form.id)
        times.append(_authored(located, now, problems))
    visit_patient, mrn = _patient(parts, responses, patient, problems, mrn_system)
    if problems:
        raise FhirImportError(problems)
    imported.visit = {"patient": visit_patient, "language": response_language([r.resource for r in responses]),
                      "responses": answered}
    if mrn is not None:
        imported.visit["mrn"] = mrn
    imported.submitted_at = max((t for t in times if t is not None), default=None)
    return imported


def with_import_flags(submission: Submission, imported: ImportedVisit) -> Submission:
    """``submission`` with a clinical warning per differing sender total and per form read by position."""
    responses = dict(submission.responses)
    for form_id, response in submission.responses.items():
        notes = []
        for rule_id, theirs in imported.sender_totals.get(form_id, {}).items():
            ours = response.scores.get(rule_id)
            if ours is not None and ours.value != theirs:
                name = "total" if rule_id == "total" else rule_id
                notes.append((f"fhir_sender_{rule_id}", f"sender's {name} {theirs}, answers give {ours.value}"))
        if form_id in imported.by_position:
            notes.append(("fhir_by_position", POSITION_NOTE))
        flags = [RaisedFlag(form=form_id, id=flag_id, severity="warning", category="clinical", message=message)
                 for flag_id, message in notes]
        if flags:
            responses[form_id] = response.model_copy(update={"flags": [*response.flags, *flags]})
    return submission.model_copy(update={"responses": responses})
