"""build_submission: a visit's raw input becomes a scored Submission, or a VisitError naming each field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.handling import Handling
from kiosk.intake.submission import Submission
from kiosk.intake.visit import VisitError, build_submission
from tests.forms.signature import signature_data_url
from tests.forms.test_safety import CLEAR

NOW = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)
CHECKIN = {
    "legal_name": "  María   José  Pérez ",
    "preferred_name": "Majo",
    "date_of_birth": "1984-07-09",
    "sex_at_birth": "female",
    "phone": "555-010-2030",
    "appointment_type": "infusion",
    "emergency_contact_name": "Ana Pérez",
    "emergency_contact_phone": "555-010-9999",
    "driver_name": "Ana Pérez",
}
# food 7 h and a clear drink 3 h before NOW, on the kiosk's wall clock: within the fasting rule
FASTED = {"last_food_time": f"{NOW.astimezone() - dt.timedelta(hours=7):%H:%M}",
          "last_clear_drink_time": f"{NOW.astimezone() - dt.timedelta(hours=3):%H:%M}"}
PATIENT = {"legal_name": "María José Pérez", "date_of_birth": "1984-07-09", "phone": "555-010-2030"}


def _phq9(**codes: int) -> dict[str, int]:
    return {f"q{i}": 0 for i in range(1, 10)} | codes


def _visit(**parts: Any) -> dict[str, Any]:
    visit: dict[str, Any] = {
        "patient": PATIENT,
        "language": "es",
        "responses": {
            "checkin": CHECKIN,
            "phq9": _phq9(q1=2, q2=3, q9=1, difficulty=2),
            "safety": CLEAR | {"last_alcohol": "within_24h"} | FASTED,
            "consent": {"agree": True, "signature": signature_data_url()},
        },
    }
    visit.update(parts)
    return {k: v for k, v in visit.items() if v is not None}


def _build(library: FormLibrary, visit: Any) -> Submission:
    return build_submission(library, visit, kiosk_id="lobby-1", now=NOW)


def _problems(library: FormLibrary, visit: Any) -> list[str]:
    with pytest.raises(VisitError) as caught:
        _build(library, visit)
    assert str(caught.value) == "; ".join(caught.value.problems)
    return caught.value.problems


def test_valid_visit_is_scored_with_flags_and_versions(library: FormLibrary) -> None:
    sid = uuid.uuid4()
    sub = build_submission(library, _visit(), kiosk_id="lobby-1", now=NOW, submission_id=sid)
    assert (sub.id, sub.kiosk_id, sub.language, sub.created_at, sub.handling) == (sid, "lobby-1", "es", NOW, Handling())
    assert sub.patient.legal_name == "María José Pérez"
    assert sub.patient.date_of_birth == dt.date(1984, 7, 9)
    assert sub.patient.age_on(NOW.date()) == 41
    assert list(sub.responses) == ["checkin", "phq9", "safety", "consent"]
    assert sub.form_versions == {
        form_id: library.form(form_id).version for form_id in ("checkin", "phq9", "safety", "consent")
    }
    assert sub.scores_summary() == {"phq9": {"total": {"value": 6, "band": "mild"}}}
    assert [(f.form, f.id, f.severity) for f in sub.flags] == [
        ("phq9", "phq9_item9", "critical"),
        ("safety", "alcohol_24h", "warning"),
    ]
    assert sub.severity == "critical"
    assert sub.responses["phq9"].answers["difficulty"] == 2
    assert all(r.completed_at == NOW for r in sub.responses.values())


def test_warning_only_visit_has_warning_severity(library: FormLibrary) -> None:
    responses = {"phq9": _phq9(), "consent": {"agree": False, "signature": signature_data_url()}}
    sub = _build(library, _visit(responses=responses))
    assert [(f.id, f.severity) for f in sub.flags] == [("consent_not_confirmed", "warning")]
    assert sub.severity == "warning"


def test_patient_taken_from_checkin_when_absent(library: FormLibrary) -> None:
    sub = _build(library, _visit(patient=None, responses={"checkin": CHECKIN}))
    assert sub.patient.model_dump() == {
        "legal_name": "María José Pérez",
        "preferred_name": "Majo",
        "date_of_birth": dt.date(1984, 7, 9),
        "phone": "555-010-2030",
        "mrn": None,  # the check-in does not ask for one: the EHR or the desk gives it
    }
    assert sub.responses["checkin"].answers["legal_name"] == CHECKIN["legal_name"]


def test_optional_checkin_fields_stay_empty(library: FormLibrary) -> None:
    checkin = {k: v for k, v in CHECKIN.items() if k not in ("preferred_name", "driver_name")}
    sub = _build(library, _visit(patient=None, responses={"checkin": checkin}))
    assert sub.patient.preferred_name is None


def test_language_defaults_to_english(library: FormLibrary) -> None:
    visit = _visit()
    del visit["language"]
    assert _build(library, visit).language == "en"


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({"responses": {"phq9": _phq9(), "audit9": {}}}, ["responses.audit9: unknown form"]),
        ({"responses": {"phq9": _phq9(q10=1)}}, ["responses.phq9.q10: unknown item"]),
        ({"responses": {"phq9": _phq9(q3=5)}},
         ["responses.phq9.q3: is not one of the allowed codes (0, 1, 2, 3)"]),
        ({"responses": {"safety": CLEAR | {"medications": ["aspirin"]}}},
         ["responses.safety.medications: holds a code that is not one of the allowed codes"]),
        ({"responses": {"phq9": [0, 1]}}, ["responses.phq9: must be an object of item id -> code"]),
        ({"responses": {}}, ["responses: missing (an object of form id -> answers)"]),
        ({"patient": PATIENT | {"date_of_birth": "2023-02-30"}},
         ["patient.date_of_birth: is not a real date (YYYY-MM-DD)"]),
        # After the visit's own date, even though it is long past by the time the test runs.
        ({"patient": PATIENT | {"date_of_birth": "2026-01-16"}}, ["patient.date_of_birth: is in the future"]),
        ({"patient": PATIENT | {"date_of_birth": "1890-01-01"}},
         ["patient.date_of_birth: is more than 125 years ago"]),
        ({"patient": {"date_of_birth": "1984-07-09"}}, ["patient.legal_name: missing name"]),
        ({"patient": PATIENT | {"legal_name": "   "}}, ["patient.legal_name: missing name"]),
        ({"patient": PATIENT | {"ssn": "123"}}, ["patient.ssn: unknown field"]),
        ({"language": "fr"}, ["language: must be en or es"]),
        ({"kiosk": "x"}, ["kiosk: unknown field"]),
    ],
    ids=["unknown-form", "unknown-item", "code-not-allowed", "multiple-choice-code", "answers-not-object",
         "no-responses", "impossible-date", "future-birth", "too-old", "no-name", "blank-name",
         "unknown-patient-field", "language", "unknown-visit-field"],
)
def test_invalid_part_names_the_field(library: FormLibrary, change: dict[str, Any], problems: list[str]) -> None:
    assert _problems(library, _visit(**change)) == problems


def test_every_problem_is_reported_at_once(library: FormLibrary) -> None:
    visit = _visit(
        patient={"legal_name": "", "date_of_birth": "2023-02-30"},
        responses={"phq9": _phq9(q1=9), "nope": {}, "consent": {"agree": True}},
    )
    assert _problems(library, visit) == [
        "patient.legal_name: missing name",
        "patient.date_of_birth: is not a real date (YYYY-MM-DD)",
        "responses.phq9.q1: is not one of the allowed codes (0, 1, 2, 3)",
        "responses.nope: unknown form",
        "responses.consent.signature: required answer missing",
    ]


def test_bad_checkin_identity_is_named_in_both_places(library: FormLibrary) -> None:
    checkin = CHECKIN | {"date_of_birth": "2026-02-01"}
    assert _problems(library, _visit(patient=None, responses={"checkin": checkin})) == [
        "patient.date_of_birth: is in the future",
        "responses.checkin.date_of_birth: is in the future",
    ]


def test_no_patient_and_no_checkin(library: FormLibrary) -> None:
    assert _problems(library, _visit(patient=None, responses={"phq9": _phq9()})) == [
        "patient: missing (an object with legal_name and date_of_birth)"
    ]


def test_visit_that_is_not_an_object(library: FormLibrary) -> None:
    assert _problems(library, ["not", "a", "visit"]) == ["visit: must be a JSON object"]
