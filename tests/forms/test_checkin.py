"""The check-in form: identity items feed the patient record; answers are checked."""

from __future__ import annotations

import pytest

from kiosk.forms import AnswerError, FormLibrary, ItemType, check_answers, score_form

VALID = {
    "legal_name": "María José Pérez",
    "preferred_name": "Majo",
    "date_of_birth": "1984-07-09",
    "sex_at_birth": "female",
    "phone": "+1 (555) 010-2030",
    "appointment_type": "infusion",
    "emergency_contact_name": "Ana Pérez, sister",
    "emergency_contact_phone": "555-010-9999",
    "driver_name": "Ana Pérez",
}


def test_item_ids_types_and_patient_fields(library: FormLibrary) -> None:
    form = library.form("checkin")
    assert [(i.id, i.type, i.patient_field) for i in form.items] == [
        ("legal_name", ItemType.text, "legal_name"),
        ("preferred_name", ItemType.text, "preferred_name"),
        ("date_of_birth", ItemType.date, "date_of_birth"),
        ("sex_at_birth", ItemType.single_choice, None),
        ("phone", ItemType.phone, "phone"),
        ("appointment_type", ItemType.single_choice, None),
        ("emergency_contact_name", ItemType.text, None),
        ("emergency_contact_phone", ItemType.phone, None),
        ("driver_name", ItemType.text, None),
    ]
    assert not form.item("preferred_name").required
    assert [o.code for o in form.options_of(form.item("appointment_type"))] == [
        "first_consult", "infusion", "follow_up", "other",
    ]
    # female / male / another answer or prefer not to say (the cautious cut-offs apply)
    assert [o.code for o in form.options_of(form.item("sex_at_birth"))] == ["female", "male", "other"]
    assert form.item("sex_at_birth").loinc == "76689-9"


def test_valid_checkin_has_no_scores_or_flags(library: FormLibrary) -> None:
    form = library.form("checkin")
    clean = check_answers(form, VALID)
    assert clean == VALID
    result = score_form(form, clean)
    assert result.scores == {} and result.flags == []


def test_optional_items_may_be_left_out(library: FormLibrary) -> None:
    answers = {k: v for k, v in VALID.items() if k not in ("preferred_name", "driver_name")}
    assert check_answers(library.form("checkin"), answers) == answers


@pytest.mark.parametrize(
    ("item_id", "value", "reason"),
    [
        ("legal_name", "", "checkin.legal_name: required answer missing"),
        ("date_of_birth", "2023-02-30", "checkin.date_of_birth: is not a real date (YYYY-MM-DD)"),
        ("date_of_birth", "2999-01-01", "checkin.date_of_birth: is in the future"),
        ("phone", "call me", "checkin.phone: is not a phone number"),
        ("appointment_type", "surgery", "checkin.appointment_type: is not one of the allowed codes "
         "('first_consult', 'infusion', 'follow_up', 'other')"),
    ],
)
def test_bad_answers_name_the_item(library: FormLibrary, item_id: str, value: str, reason: str) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(library.form("checkin"), VALID | {item_id: value})
    assert caught.value.problems == [reason]
