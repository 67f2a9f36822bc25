"""The pre-infusion safety screen: warning flags for the infusion team, highlights, medicines."""

from __future__ import annotations

import pytest

from kiosk.forms import AnswerError, FormLibrary, check_answers, score_form

# A patient with nothing to report, who ate at 06:30 and drank water at 09:00.
CLEAR = {
    "pregnant_or_breastfeeding": "no",
    "high_blood_pressure": False,
    "heart_disease": False,
    "aneurysm_or_heart_attack": False,
    "glaucoma": False,
    "psychosis_mania_self": False,
    "psychosis_mania_family": False,
    "drug_misuse_history": False,
    "bladder_problems": False,
    "liver_disease": False,
    "medications": ["none"],
    "sleep_apnea": False,
    "last_food_time": "06:30",
    "last_clear_drink_time": "09:00",
    "last_alcohol": "over_72h",
    "drugs_72h": False,
    "driver_arranged": True,
}


def _flags(library: FormLibrary, **changes: object) -> list[tuple[str, str]]:
    form = library.form("safety")
    result = score_form(form, check_answers(form, CLEAR | changes))
    return [(f.id, f.severity) for f in result.flags]


def test_nothing_to_report_raises_no_flag(library: FormLibrary) -> None:
    assert _flags(library) == []
    assert score_form(library.form("safety"), CLEAR).scores == {}


@pytest.mark.parametrize(
    ("changes", "flags"),
    [
        ({"last_alcohol": "within_24h"}, [("alcohol_24h", "warning")]),
        ({"last_alcohol": "within_72h"}, []),
        ({"driver_arranged": False}, [("no_driver", "warning")]),
        ({"pregnant_or_breastfeeding": "yes"}, [("pregnancy", "warning")]),
        ({"pregnant_or_breastfeeding": "unsure"}, [("pregnancy", "warning")]),
        ({"high_blood_pressure": True, "medications": ["maoi", "opioid"]}, []),
        (
            {"last_alcohol": "within_24h", "driver_arranged": False, "pregnant_or_breastfeeding": "yes"},
            [("alcohol_24h", "warning"), ("no_driver", "warning"), ("pregnancy", "warning")],
        ),
    ],
)
def test_warning_flags(library: FormLibrary, changes: dict[str, object], flags: list[tuple[str, str]]) -> None:
    assert _flags(library, **changes) == flags


def test_every_yes_no_question_highlights_the_answer_staff_must_see(library: FormLibrary) -> None:
    form = library.form("safety")
    yes_no = [i for i in form.items if i.type.value == "yes_no"]
    assert len(yes_no) == 12
    for item in yes_no:
        expected = (False,) if item.id == "driver_arranged" else (True,)
        assert item.highlight == expected, item.id
    assert form.item("medications").highlight == ("benzodiazepine", "lamotrigine", "maoi", "opioid")
    assert form.item("last_alcohol").highlight == ("within_24h", "within_72h")


def test_fasting_help_names_six_and_two_hours_in_both_languages(library: FormLibrary) -> None:
    form = library.form("safety")
    food, drink = form.item("last_food_time").help, form.item("last_clear_drink_time").help
    assert food is not None and drink is not None
    assert "6 hours" in food.get("en") and "6 horas" in food.get("es")
    assert "2 hours" in drink.get("en") and "2 horas" in drink.get("es")


def test_instructions_say_the_screen_does_not_refuse_treatment(library: FormLibrary) -> None:
    text = library.form("safety").instructions.get("en")
    assert "does not mean you cannot have treatment" in text
    assert "alcohol" in text.lower()


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"medications": ["none", "opioid"]}, "safety.medications: 'none' cannot be chosen together with other answers"),
        ({"medications": ["aspirin"]}, "safety.medications: holds a code that is not one of the allowed codes"),
        ({"last_food_time": "7:30"}, "safety.last_food_time: is not a time (HH:MM, 24-hour)"),
        ({"last_clear_drink_time": "24:00"}, "safety.last_clear_drink_time: is not a time (HH:MM, 24-hour)"),
        ({"driver_arranged": "yes"}, "safety.driver_arranged: is not one of the allowed codes (true, false)"),
    ],
)
def test_bad_answers_are_refused(library: FormLibrary, changes: dict[str, object], problem: str) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(library.form("safety"), CLEAR | changes)
    assert caught.value.problems == [problem]


def test_several_medicines_may_be_chosen(library: FormLibrary) -> None:
    clean = check_answers(library.form("safety"), CLEAR | {"medications": ["benzodiazepine", "lamotrigine"]})
    assert clean["medications"] == ["benzodiazepine", "lamotrigine"]
