"""A complete, fictional visit answering every shipped form: for tests, the sample and the bench."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.report.sample_forms import signature_data_url

VISIT_TIME = dt.datetime(2026, 11, 25, 14, 14, tzinfo=dt.timezone.utc)
PATIENT = {"legal_name": "María José Núñez", "preferred_name": "Majo",
           "date_of_birth": "1984-03-07", "phone": "555-201-3344"}


def full_visit(language: str = "en", **changes: dict[str, Any]) -> dict[str, Any]:
    """The visit JSON of ``build_submission``; ``changes`` override answers per form."""
    responses: dict[str, dict[str, Any]] = {
        "checkin": {
            "legal_name": PATIENT["legal_name"], "preferred_name": "Majo",
            "date_of_birth": PATIENT["date_of_birth"], "sex_at_birth": "female", "phone": PATIENT["phone"],
            "appointment_type": "infusion", "emergency_contact_name": "Zoë Nguyễn (sister)",
            "emergency_contact_phone": "555-201-9876", "driver_name": "Zoë Nguyễn",
        },
        "usaudit": {"q1": 5, "q2": 4, "q3": 4, "q4": 2, "q5": 1, "q6": 2, "q7": 3, "q8": 1,
                    "q9": 0, "q10": 4},
        "drinking": {"drinking_days": 3, "heavy_days": 2, "typical_drinks": 5},
        "craving": {"craving": 6},
        "phq9": {"q1": 2, "q2": 2, "q3": 3, "q4": 2, "q5": 1, "q6": 2, "q7": 1, "q8": 0, "q9": 1,
                 "difficulty": 2},
        "gad7": {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 0, "difficulty": 1},
        "asq": {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": False},
        "safety": {
            "pregnant_or_breastfeeding": "no", "ketamine_reaction": False,
            "high_blood_pressure": True, "heart_disease": False,
            "aneurysm_or_heart_attack": False, "brain_bleed_or_avm": False,
            "head_injury_or_icp": False, "overactive_thyroid": False, "glaucoma": False,
            "psychosis_mania_self": False, "psychosis_mania_family": False,
            "drug_misuse_history": False, "bladder_problems": False, "liver_disease": False,
            "medications": ["benzodiazepine"], "sleep_apnea": False,
            "last_food_time": "06:30", "last_clear_drink_time": "11:45",
            "last_alcohol": "within_24h", "alcohol_withdrawal_now": False,
            "withdrawal_seizure_history": False, "drugs_72h": False, "driver_arranged": True,
        },
        "consent": {"agree": True, "signature": signature_data_url()},
    }
    for form, answers in changes.items():
        responses[form] = {**responses.get(form, {}), **answers}  # a form not in the sample: added
    return {"patient": dict(PATIENT), "language": language, "responses": responses}


def previous_visit() -> dict[str, Any]:
    """The same patient four weeks earlier, for the change column."""
    visit = full_visit()
    visit["responses"] = {
        "usaudit": {"q1": 6, "q2": 5, "q3": 5, "q4": 3, "q5": 2, "q6": 2, "q7": 3, "q8": 2,
                    "q9": 2, "q10": 4},
        "phq9": {f"q{i}": 2 for i in range(1, 10)} | {"q9": 0},
        "gad7": {f"q{i}": 1 for i in range(1, 8)},
    }
    return visit
