"""The check-in's appointment type chooses the protocol, in the session and in the folder check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.care.choice import planner
from kiosk.forms import FormLibrary
from kiosk.forms.loader import validate_directory
from kiosk.forms.model import Answer
from kiosk.intake.plan import PatientHistory
from kiosk.intake.session import IntakeSession

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.timezone.utc)
CHECKIN: dict[str, Answer] = {
    "legal_name": "Rosa Díaz", "date_of_birth": "1984-06-02", "sex_at_birth": "female",
    "phone": "5551234567", "emergency_contact_name": "Ana Ruiz", "emergency_contact_phone": "5559876543",
    "driver_name": "Ana Ruiz",
}


def session(library: FormLibrary, fixed: str | None = None) -> IntakeSession:
    return IntakeSession(library, library.protocol(), clock=lambda: NOW, planner=planner(library, fixed))


def check_in(s: IntakeSession, kind: str) -> None:
    """Answer the check-in question by question, as the screens do, choosing ``kind``."""
    s.next()  # language
    while s.step.form_id == "checkin":
        if s.step.kind == "question":
            assert s.answer({**CHECKIN, "appointment_type": kind}.get(s.step.item_id or "")) is None
        s.next()


def form_ids(s: IntakeSession) -> list[str]:
    return [f.id for f in s.forms]


@pytest.mark.parametrize("kind", ["first_consult", "infusion", "follow_up", "other"])
def test_each_type_runs_its_protocol_after_the_checkin(library: FormLibrary, kind: str) -> None:
    s = session(library)
    check_in(s, kind)
    expected = next(p for p in library.protocols.values() if kind in p.appointment_types)
    assert form_ids(s) == list(expected.forms)
    assert s.step.form_id == expected.forms[1]  # straight on to the chosen protocol's first form
    assert list(s.visit_json()["responses"]) == list(expected.forms)  # type: ignore[call-overload]


def test_bundled_defaults(library: FormLibrary) -> None:
    by_type = {kind: library.protocols[next(p.id for p in library.protocols.values() if kind in p.appointment_types)]
               for kind in ("first_consult", "infusion", "follow_up")}
    assert list(by_type["infusion"].forms) == ["checkin", "phq9", "gad7", "asq", "drinking", "craving", "safety", "consent"]
    assert list(by_type["follow_up"].forms) == ["checkin", "phq9", "gad7", "asq", "drinking", "craving"]
    assert {"usaudit", "drinking", "craving", "phq9", "gad7", "asq", "safety", "consent"} <= set(by_type["first_consult"].forms)
    assert by_type["first_consult"].at_most_every_days == {"usaudit": 365}


def test_question_count_stays_honest_after_the_choice(library: FormLibrary) -> None:
    """The first PHQ-9 question of a follow-up says "1 of 10", and the visit's steps are the
    follow-up's only: no USAUDIT or safety screen waiting behind the bar."""
    s = session(library)
    check_in(s, "follow_up")
    s.next()  # PHQ-9 repeats its stem on each question: no intro step
    progress = s.progress()
    assert (progress.form_title, progress.number, progress.count, progress.up_to) == ("PHQ-9", 1, 10, False)
    assert {step.form_id for step in s.steps() if step.form_id} == {"checkin", "phq9", "gad7", "asq", "drinking", "craving"}


def test_changing_the_type_changes_the_forms_and_drops_the_others_answers(library: FormLibrary) -> None:
    s = session(library)
    check_in(s, "infusion")
    assert s.step.form_id == "phq9"
    assert s.answer(1) is None
    s.go_to("checkin", "appointment_type")
    assert s.answer("follow_up") is None
    assert "safety" not in form_ids(s) and "phq9" in form_ids(s)
    assert s.answers["phq9"] == {"q1": 1}  # kept: the follow-up asks the PHQ-9 too


def test_a_fixed_protocol_overrides_the_type(library: FormLibrary) -> None:
    s = session(library, fixed="follow_up")
    check_in(s, "infusion")
    assert form_ids(s) == list(library.protocols["follow_up"].forms)


def test_a_recent_usaudit_is_left_out_but_not_once_started(library: FormLibrary) -> None:
    s = session(library)
    check_in(s, "first_consult")
    assert s.step.form_id == "usaudit"  # the patient is on it: a late history does not take it away
    s.set_history(PatientHistory(NOW.date() - dt.timedelta(days=30), {"usaudit": NOW.date() - dt.timedelta(days=30)}))
    assert "usaudit" in form_ids(s) and s.not_asked() == ()
    fresh = session(library)
    fresh.set_history(PatientHistory(NOW.date() - dt.timedelta(days=30), {"usaudit": NOW.date() - dt.timedelta(days=30)}))
    check_in(fresh, "first_consult")
    assert "usaudit" not in form_ids(fresh) and fresh.step.form_id == "drinking"
    assert [n.note("USAUDIT") for n in fresh.not_asked()] == [
        "USAUDIT not asked: answered on 2026-10-26, asked at most every 365 days"]


def _types_of(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index("appointment_types:")
    end = text.index("\n", start)
    path.write_text(text[:start] + line + text[end:], encoding="utf-8")


def test_validate_refuses_a_type_with_no_protocol(forms_copy: Path) -> None:
    _types_of(forms_copy / "protocols" / "infusion.yaml", "appointment_types: []")
    assert [str(p) for p in validate_directory(forms_copy)] == [
        f"{forms_copy / 'protocols'}: appointment_types: no protocol serves appointment type 'infusion'; "
        "name it in one protocol's appointment_types"]


def test_validate_refuses_a_type_with_two_protocols(forms_copy: Path) -> None:
    _types_of(forms_copy / "protocols" / "follow_up.yaml", "appointment_types: [follow_up, infusion]")
    assert [str(p) for p in validate_directory(forms_copy)] == [
        f"{forms_copy / 'protocols'}: appointment_types: appointment type 'infusion' is served by 2 protocols "
        "(follow_up, infusion); name it in exactly one"]


def test_validate_refuses_an_unknown_type_and_a_protocol_not_starting_with_checkin(forms_copy: Path) -> None:
    path = forms_copy / "protocols" / "follow_up.yaml"
    _types_of(path, "appointment_types: [follow_up, walk_in]")
    text = path.read_text(encoding="utf-8").replace("forms: [checkin, phq9,", "forms: [phq9, checkin,")
    path.write_text(text, encoding="utf-8")
    assert [str(p) for p in validate_directory(forms_copy)] == [
        f"{path}: appointment_types: names type 'walk_in', which the check-in does not offer "
        "(first_consult, infusion, follow_up, other)",
        f"{path}: forms: must start with 'checkin': the appointment type that chooses this protocol is answered there",
    ]
