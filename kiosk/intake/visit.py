"""Turning a visit's raw input (patient, language, responses) into a scored Submission.

The same path serves the kiosk's submit button, ``kiosk submit`` (paper forms typed in
at the desk) and FHIR imports, so every entry point validates and scores identically.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.forms.answers import AnswerError, check_answers, parse_date_of_birth
from kiosk.forms.context import VisitContext
from kiosk.limits import SHORT_TEXT_MAX_CHARS, clean_mrn, mrn_problem, name_problem, shown_key, text_problem
from kiosk.forms.loader import FormLibrary
from kiosk.forms.scoring import score_form
from kiosk.intake.plan import FormNotAsked
from kiosk.intake.submission import FormResponse, Patient, Submission

PATIENT_FIELDS = ("legal_name", "preferred_name", "date_of_birth", "phone")
LastVisit = Callable[[Patient, dt.datetime], "dt.date | None"]
"""The day of a patient's last visit before a moment, as the store knows it (None: none)."""


class VisitError(ValueError):
    """A visit that cannot be stored; ``problems`` names each bad field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _patient(raw: Any, problems: list[str], today: dt.date) -> Patient | None:
    if not isinstance(raw, Mapping):
        problems.append("patient: missing (an object with legal_name and date_of_birth)")
        return None
    for key in raw:
        if key not in PATIENT_FIELDS:
            problems.append(f"patient.{shown_key(key)}: unknown field")
    name = raw.get("legal_name")
    if not isinstance(name, str) or not name.strip():
        problems.append("patient.legal_name: missing name")
        name = None
    elif problem := name_problem(name):
        problems.append(f"patient.legal_name: {problem}")
        name = None
    born = None
    try:
        born = parse_date_of_birth(raw.get("date_of_birth"), today)
    except ValueError as exc:
        problems.append(f"patient.date_of_birth: {exc}")
    for optional in ("preferred_name", "phone"):
        value = raw.get(optional)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            problems.append(f"patient.{optional}: must be text")
        elif problem := (name_problem(value) if optional == "preferred_name"
                         else text_problem(value, SHORT_TEXT_MAX_CHARS)):
            problems.append(f"patient.{optional}: {problem}")
    if name is None or born is None or problems:
        return None
    return Patient(
        legal_name=" ".join(name.split()),
        preferred_name=(raw.get("preferred_name") or None),
        date_of_birth=born,
        phone=(raw.get("phone") or None),
    )


def visit_mrn(raw: Any, problems: list[str]) -> str | None:
    """The visit's optional ``mrn`` (text or a whole number, as EHRs send both), cleaned; a bad
    one is a problem that names the field, never the value."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        raw = str(raw)
    if not isinstance(raw, str):
        problems.append("mrn: must be text (the clinic's medical record number)")
        return None
    if problem := mrn_problem(raw):
        problems.append(f"mrn: {problem}")
        return None
    return clean_mrn(raw)


def patient_from_checkin(library: FormLibrary, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Identity fields taken from the check-in form's items marked ``patient_field``."""
    form = library.forms.get("checkin")
    if form is None:
        return {}
    return {
        item.patient_field: answers[item.id]
        for item in form.items
        if item.patient_field and answers.get(item.id) not in (None, "")
    }


def submitted_time(raw: Any, now: dt.datetime) -> tuple[dt.datetime | None, str | None]:
    """A visit's ``submitted_at`` (ISO 8601 with an offset, not after ``now``), or why not."""
    if not isinstance(raw, str):
        return None, "submitted_at: must be text, a date and time such as 2026-03-02T09:30:00-05:00"
    try:
        moment = dt.datetime.fromisoformat(raw.strip()[:SHORT_TEXT_MAX_CHARS])
    except ValueError:
        return None, "submitted_at: not a date and time (ISO 8601, e.g. 2026-03-02T09:30:00-05:00)"
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None, "submitted_at: give the UTC offset too (e.g. 2026-03-02T09:30:00-05:00, or Z for UTC)"
    if moment > now:
        return None, "submitted_at: is in the future"
    return moment.astimezone(dt.timezone.utc), None


def build_submission(
    library: FormLibrary,
    visit: Mapping[str, Any],
    *,
    kiosk_id: str,
    now: dt.datetime | None = None,
    submission_id: uuid.UUID | None = None,
    not_asked: tuple[FormNotAsked, ...] = (),
    last_visit: dt.date | None = None,
    last_visit_of: LastVisit | None = None,
) -> Submission:
    """Validate and score a visit given as ``{"patient", "language", "responses"}``, an
    optional ``submitted_at`` (an earlier visit a clinic loads: it is then the visit's time) and
    an optional ``mrn`` (the clinic's medical record number, kept with the patient).

    Any invalid part raises VisitError naming every bad field; nothing is partially built.
    ``patient`` may be omitted when a ``checkin`` response carries the identity.
    ``not_asked`` and ``last_visit`` are what the kiosk's session decided from the
    patient's history (forms left out, the day a recall window runs from).
    ``last_visit_of`` finds that day instead, once the patient and the visit's time are
    known (``kiosk submit`` and FHIR import: the window then runs as on the kiosk).
    """
    problems: list[str] = []
    if not isinstance(visit, Mapping):
        raise VisitError(["visit: must be a JSON object"])
    for key in visit:
        if key not in ("patient", "language", "responses", "submitted_at", "mrn"):
            problems.append(f"{shown_key(key)}: unknown field")
    language = visit.get("language", "en")
    if language not in ("en", "es"):
        problems.append("language: must be en or es")
    responses = visit.get("responses")
    if not isinstance(responses, Mapping) or not responses:
        problems.append("responses: missing (an object of form id -> answers)")
        responses = {}
    raw_patient = visit.get("patient")
    if raw_patient is None and isinstance(responses.get("checkin"), Mapping):
        raw_patient = patient_from_checkin(library, responses["checkin"])
    now = now or dt.datetime.now(dt.timezone.utc)
    if "submitted_at" in visit:
        moment, problem = submitted_time(visit["submitted_at"], now)
        if problem is not None:
            problems.append(problem)
        now = moment or now
    patient = _patient(raw_patient, problems, now.date())
    mrn = visit_mrn(visit.get("mrn"), problems)
    if patient is not None and mrn is not None:
        patient = patient.model_copy(update={"mrn": mrn})
    if last_visit_of is not None and patient is not None and last_visit is None:
        last_visit = last_visit_of(patient, now)
    raw = VisitContext({k: v for k, v in responses.items() if isinstance(v, Mapping)}, now.date(), now,
                       library.rules, last_visit)
    cleaned: dict[str, dict[str, Any]] = {}
    for form_id, answers in responses.items():
        form = library.forms.get(form_id)
        if form is None:
            problems.append(f"responses.{shown_key(form_id)}: unknown form")
            continue
        if not isinstance(answers, Mapping):
            problems.append(f"responses.{form_id}: must be an object of item id -> code")
            continue
        try:
            cleaned[form_id] = check_answers(form, answers, now.date(), raw)
        except AnswerError as exc:
            problems.extend(f"responses.{p}" for p in exc.problems)
    # Scored only once every form is checked: bands and flags may read another form's
    # answers (e.g. AUDIT-C cut-offs by the check-in's sex at birth).
    context = VisitContext(cleaned, now.date(), now, library.rules, last_visit)
    scored: dict[str, FormResponse] = {}
    for form_id, clean in cleaned.items():
        form = library.forms[form_id]
        result = score_form(form, clean, context)
        scored[form_id] = FormResponse(
            form=form_id, version=form.version, definition=library.canonical(form_id).digest,
            answers=clean,
            scores=result.scores, flags=result.flags, completed_at=now,
        )
    if problems or patient is None:
        raise VisitError(problems or ["patient: invalid"])
    return Submission(
        id=submission_id or uuid.uuid4(), kiosk_id=kiosk_id, language=language,
        created_at=now, patient=patient, responses=scored,
        not_asked=list(not_asked), last_visit_on=last_visit,
    )
