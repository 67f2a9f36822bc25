"""Fixtures for report tests: a library with an every-item-type form, and sample visits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kiosk.forms import FormLibrary, load_library
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report.pdf_page import CONFIDENTIAL
from kiosk.settings import Settings
from tests.report.sample_forms import KITCHEN_SINK, signature_data_url, write_forms

VISIT_TIME = dt.datetime(2026, 11, 25, 14, 14, tzinfo=dt.timezone.utc)
PHQ9_ANSWERS = {"q1": 2, "q2": 3, "q3": 1, "q4": 2, "q5": 0, "q6": 1, "q7": 2, "q8": 0, "q9": 1,
                "difficulty": 2}


@pytest.fixture(scope="session")
def sink_library(tmp_path_factory: pytest.TempPathFactory) -> FormLibrary:
    """The bundled forms plus a form holding every item type."""
    return load_library(write_forms(tmp_path_factory.mktemp("lib") / "forms", KITCHEN_SINK))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(clinic_name="Riverside Recovery Clinic", data_dir=tmp_path / "data",
                    printer=None, clinic_logo=None)


def sink_answers(**overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "pregnant": True, "meds": ["benzo", "maoi"], "mood": 2, "last_meal": "07:30",
        "last_dose": "2026-11-01", "weight": 72.5, "phone": "+1 555 201 3344",
        "notes": "My sister Zoë Nguyễn drives me home; call her if I am late.",
        "followup": "Rough week at work.", "sig": signature_data_url(),
    }
    answers.update(overrides)
    return answers


def make_visit(library: FormLibrary, responses: dict[str, Any], *, name: str = "María José Núñez",
               language: str = "en", when: dt.datetime = VISIT_TIME, **patient: Any) -> Submission:
    """A scored submission built the way the kiosk builds one."""
    person = {"legal_name": name, "date_of_birth": "1984-03-07", **patient}
    return build_submission(library, {"patient": person, "language": language, "responses": responses},
                            kiosk_id="lobby-1", now=when)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare equal to the original text."""
    return " ".join(text.split())


TABLE_HEAD = re.compile(r"# Question \(English\) Answer (Score )?")


def body_text(pdf: bytes) -> str:
    """Every page's text without page headers, footers and repeated table headings, flattened."""
    bodies = []
    for text in page_texts(pdf):
        cut = text.rfind(CONFIDENTIAL)
        bodies.append(text[:cut] if cut >= 0 else text)
    return TABLE_HEAD.sub("", flat(" ".join(bodies)))


PAGE_OF = re.compile(r"Page (\d+) of (\d+)")
Render = Callable[..., bytes]
