"""Fixtures for the FHIR tests: the bundled forms plus a test form with every item kind."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from kiosk.forms import FormLibrary, load_library
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS

DATA = Path(__file__).parent / "data"
PNG_1X1 = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NOW = dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def kinds_library(tmp_path_factory: pytest.TempPathFactory) -> FormLibrary:
    """The bundled forms and ``kinds_test`` (every item type and skip-logic shape)."""
    folder = tmp_path_factory.mktemp("forms")
    shutil.copytree(BUNDLED_FORMS, folder, dirs_exist_ok=True)
    shutil.copy(DATA / "kinds.yaml", folder / "kinds.yaml")
    return load_library(folder)


def kinds_answers(**changes: Any) -> dict[str, Any]:
    """A complete answer set of ``kinds_test`` that shows every skippable item."""
    answers: dict[str, Any] = {
        "often1": 2,
        "often2": 1,
        "drugs": ["alcohol", "cannabis"],
        "pregnant": True,
        "weeks": 12.5,
        "both_often": "Work stress",
        "drug_note": "Weekends only",
        "sure": "unsure",
        "last_meal": "2026-03-04",
        "last_meal_time": "07:15",
        "contact": "+1 (555) 010-2000",
        "signature": PNG_1X1,
    }
    answers.update(changes)
    return answers


def phq9_answers() -> dict[str, Any]:
    """PHQ-9 worked example: total 1+2+3+0+1+1+0+0+1 = 9 (mild), item 9 positive."""
    return {"q1": 1, "q2": 2, "q3": 3, "q4": 0, "q5": 1, "q6": 1, "q7": 0, "q8": 0, "q9": 1, "difficulty": 2}


def visit_json(responses: dict[str, Any], language: str = "es") -> dict[str, Any]:
    return {
        "patient": {
            "legal_name": "Ana María López García",
            "preferred_name": "Ana",
            "date_of_birth": "1980-05-06",
            "phone": "+1 555 123 4567",
        },
        "language": language,
        "responses": responses,
    }


@pytest.fixture
def full_visit(kinds_library: FormLibrary) -> Submission:
    """A scored visit answering PHQ-9 and the every-kind test form."""
    visit = visit_json({"phq9": phq9_answers(), "kinds_test": kinds_answers()})
    return build_submission(kinds_library, visit, kiosk_id="lobby-1", now=NOW)


def forms_with(folder: Path, name: str, text: str) -> Path:
    """A copy of the bundled forms in ``folder`` with one more file ``name`` holding ``text``."""
    shutil.copytree(BUNDLED_FORMS, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder
