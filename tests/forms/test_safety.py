"""The pre-infusion safety screen: a categorised flag for every contraindication and
precaution the Ketalar and Spravato labels (and the consensus statement) name, the fasting
rule against the visit time, highlights, medicines."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.forms import AnswerError, FormLibrary, check_answers, score_form
from kiosk.forms.context import VisitContext
from kiosk.forms.rules import ClinicRules

# A 14:00 visit: food at 06:30 and water at 09:00 keep the default 6 h / 2 h fasting rule.
VISIT = dt.datetime(2026, 3, 2, 14, 0).astimezone()

# A patient with nothing to report, who ate at 06:30 and drank water at 09:00.
CLEAR = {
    "pregnant_or_breastfeeding": "no",
    "ketamine_reaction": False,
    "high_blood_pressure": False,
    "heart_disease": False,
    "aneurysm_or_heart_attack": False,
    "brain_bleed_or_avm": False,
    "head_injury_or_icp": False,
    "overactive_thyroid": False,
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
    "alcohol_withdrawal_now": False,
    "withdrawal_seizure_history": False,
    "drugs_72h": False,
    "driver_arranged": True,
}


def _flags(library: FormLibrary, at: dt.datetime = VISIT, rules: ClinicRules | None = None,
           **changes: object) -> list[tuple[str, str, str]]:
    form = library.form("safety")
    context = VisitContext(at=at, rules=rules or ClinicRules())
    result = score_form(form, check_answers(form, CLEAR | changes), context)
    return [(f.id, f.severity, f.category) for f in result.flags]


def test_nothing_to_report_raises_no_flag(library: FormLibrary) -> None:
    assert _flags(library) == []
    assert score_form(library.form("safety"), CLEAR).scores == {}


# One worked example per contraindication or precaution, with the label or guideline it
# comes from; critical only where a label's §4 Contraindications names it.
INFUSION = "infusion"


@pytest.mark.parametrize(
    ("changes", "flags"),
    [
        # Ketalar §4 / Spravato §4: hypersensitivity; Spravato §4: aneurysm, AVM, brain bleed
        ({"ketamine_reaction": True}, [("ketamine_reaction", "critical", INFUSION)]),
        ({"aneurysm_or_heart_attack": True}, [("aneurysm_or_heart_attack", "critical", INFUSION)]),
        ({"brain_bleed_or_avm": True}, [("brain_bleed_or_avm", "critical", INFUSION)]),
        # Spravato §5.10
        ({"pregnant_or_breastfeeding": "yes"}, [("pregnancy", "warning", INFUSION)]),
        ({"pregnant_or_breastfeeding": "unsure"}, [("pregnancy", "warning", INFUSION)]),
        # Ketalar §4/§5, Spravato §5.6
        ({"high_blood_pressure": True}, [("high_blood_pressure", "warning", INFUSION)]),
        ({"heart_disease": True}, [("heart_disease", "warning", INFUSION)]),
        # Ketalar §5 (CSF pressure); consensus statement
        ({"head_injury_or_icp": True}, [("head_injury_or_icp", "warning", INFUSION)]),
        ({"overactive_thyroid": True}, [("overactive_thyroid", "warning", INFUSION)]),
        ({"glaucoma": True}, [("glaucoma", "warning", INFUSION)]),
        ({"psychosis_mania_self": True}, [("psychosis_mania", "warning", INFUSION)]),
        # Ketalar §5, Spravato §5.3
        ({"drug_misuse_history": True}, [("drug_misuse", "warning", INFUSION)]),
        # Ketalar §7, Spravato §7.1: every CNS depressant, alone
        *[({"medications": [code]}, [("sedative_medicines", "warning", INFUSION)])
          for code in ("benzodiazepine", "opioid", "sleep_medicine", "gabapentinoid", "barbiturate")],
        # Spravato §7: MAOIs and psychostimulants raise blood pressure; consensus: lamotrigine
        ({"medications": ["maoi"]}, [("maoi", "warning", INFUSION)]),
        ({"medications": ["stimulant"]}, [("stimulant", "warning", INFUSION)]),
        ({"medications": ["lamotrigine"]}, [("lamotrigine", "warning", INFUSION)]),
        # "I'm not sure" records the doubt instead of a false "None of these"
        ({"medications": ["not_sure"]}, [("medications_not_sure", "warning", INFUSION)]),
        ({"medications": ["opioid", "not_sure"]},
         [("sedative_medicines", "warning", INFUSION), ("medications_not_sure", "warning", INFUSION)]),
        # alcohol withdrawal, for an alcohol-use-disorder clinic
        ({"alcohol_withdrawal_now": True}, [("alcohol_withdrawal_now", "warning", INFUSION)]),
        ({"withdrawal_seizure_history": True}, [("withdrawal_seizure_history", "warning", INFUSION)]),
        ({"last_alcohol": "within_24h"}, [("alcohol_24h", "warning", INFUSION)]),
        ({"last_alcohol": "within_72h"}, []),
        ({"drugs_72h": True}, [("drugs_72h", "warning", INFUSION)]),
        ({"sleep_apnea": True}, [("sleep_apnea", "warning", INFUSION)]),
        # Spravato §5.8: someone must take them home
        ({"driver_arranged": False}, [("no_driver", "warning", INFUSION)]),
        # for the clinician's plan, not a hold on today's dose
        ({"psychosis_mania_family": True}, [("psychosis_mania_family", "warning", "clinical")]),
        ({"bladder_problems": True}, [("bladder_problems", "warning", "clinical")]),
        ({"liver_disease": True}, [("liver_disease", "warning", "clinical")]),
        (
            {"last_alcohol": "within_24h", "driver_arranged": False, "brain_bleed_or_avm": True},
            [("brain_bleed_or_avm", "critical", INFUSION), ("alcohol_24h", "warning", INFUSION),
             ("no_driver", "warning", INFUSION)],
        ),
    ],
)
def test_each_answer_raises_its_flag(library: FormLibrary, changes: dict[str, object],
                                     flags: list[tuple[str, str, str]]) -> None:
    assert _flags(library, **changes) == flags


@pytest.mark.parametrize(
    ("visit", "food", "clear", "flags"),
    [
        # exactly at the rule (6 h / 2 h before) is fasted long enough
        ("14:00", "08:00", "12:00", []),
        ("14:00", "08:01", "12:00", ["fasting_food"]),
        ("14:00", "08:00", "12:01", ["fasting_clear"]),
        ("14:00", "13:30", "13:59", ["fasting_food", "fasting_clear"]),
        # a time later in the day than the visit was yesterday: 22:00 is 10 h before 08:00
        ("08:00", "22:00", "06:00", []),
        ("08:00", "02:01", "06:00", ["fasting_food"]),
        ("00:30", "18:30", "22:30", []),
        ("00:30", "18:31", "22:31", ["fasting_food", "fasting_clear"]),
    ],
)
def test_fasting_rule_against_the_visit_time(library: FormLibrary, visit: str, food: str,
                                             clear: str, flags: list[str]) -> None:
    at = dt.datetime.combine(dt.date(2026, 3, 2), dt.time.fromisoformat(visit)).astimezone()
    raised = _flags(library, at=at, last_food_time=food, last_clear_drink_time=clear)
    assert [flag_id for flag_id, _, _ in raised] == flags
    assert {(severity, category) for _, severity, category in raised} <= {("warning", INFUSION)}


def test_fasting_rule_follows_the_clinic_setting(library: FormLibrary) -> None:
    strict = ClinicRules(fasting_food_hours=8, fasting_clear_hours=3)
    assert _flags(library, rules=strict, last_food_time="06:00", last_clear_drink_time="11:00") == []
    assert [f for f, _, _ in _flags(library, rules=strict, last_food_time="06:01",
                                    last_clear_drink_time="11:01")] == ["fasting_food", "fasting_clear"]


def test_fasting_is_not_judged_without_a_visit_time(library: FormLibrary) -> None:
    form = library.form("safety")
    answers = check_answers(form, CLEAR | {"last_food_time": "13:59"})
    assert score_form(form, answers).flags == []


def test_the_medicine_help_no_longer_asks_for_a_false_none(library: FormLibrary) -> None:
    item = library.form("safety").item("medications")
    assert item.help is not None
    assert "None of these" not in item.help.get("en") and "I'm not sure" in item.help.get("en")
    assert "Ninguno de estos" not in item.help.get("es")
    codes = [option.code for option in library.form("safety").options_of(item)]
    assert {"stimulant", "sleep_medicine", "gabapentinoid", "barbiturate", "not_sure"} <= set(codes)


def test_source_names_the_label_sections(library: FormLibrary) -> None:
    source = library.form("safety").source
    for section in ("Ketalar", "§4 Contraindications", "§5 Warnings", "Spravato", "§5.6", "§7",
                    "ASA", "Preoperative Fasting"):
        assert section.lower() in source.lower(), section


def test_every_yes_no_question_highlights_the_answer_staff_must_see(library: FormLibrary) -> None:
    form = library.form("safety")
    yes_no = [i for i in form.items if i.type.value == "yes_no"]
    assert len(yes_no) == 18
    for item in yes_no:
        expected = (False,) if item.id == "driver_arranged" else (True,)
        assert item.highlight == expected, item.id
    assert form.item("medications").highlight == (
        "benzodiazepine", "lamotrigine", "maoi", "opioid", "stimulant", "sleep_medicine",
        "gabapentinoid", "barbiturate", "not_sure")
    assert form.item("last_alcohol").highlight == ("within_24h", "within_72h")


def test_every_highlighted_answer_raises_a_flag(library: FormLibrary) -> None:
    """What the PDF highlights also reaches the desk queue: no answer is only highlighted."""
    form = library.form("safety")
    for item in form.items:
        for code in item.highlight:
            if item.id == "last_alcohol" and code == "within_72h":
                continue  # 1-3 days ago: shown for timing, not a hold (alcohol is the indication)
            answer = [code] if item.type.value == "multiple_choice" else code
            assert _flags(library, **{item.id: answer}), (item.id, code)


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
