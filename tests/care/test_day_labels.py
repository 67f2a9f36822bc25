"""The day report's screen ids and appointment type codes in words, from the bundled forms and protocols."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.care.day_labels import DayLabels
from kiosk.forms import FormLibrary, load_library
from kiosk.paths import BUNDLED_FORMS


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return load_library(BUNDLED_FORMS)


@pytest.mark.parametrize(("screen", "en", "es"), [
    ("phq9/q9", "PHQ-9 · question 9", "PHQ-9 · pregunta 9"),
    ("checkin/phone", "Check-in · question 5", "Registro · pregunta 5"),
    ("gad7/intro", "GAD-7 · introduction", "GAD-7 · introducción"),
    ("language", "Choosing a language", "Elección del idioma"),
    ("slides", "Welcome slides", "Diapositivas de bienvenida"),
    ("review", "Review of the answers", "Revisión de las respuestas"),
])
def test_screens_in_both_languages(library: FormLibrary, screen: str, en: str, es: str) -> None:
    assert DayLabels(library, "en").screen(screen) == en
    assert DayLabels(library, "es").screen(screen) == es


@pytest.mark.parametrize(("code", "en", "es"), [
    ("first_consult", "First consultation", "Primera consulta"),
    ("infusion", "Infusion session", "Sesión de infusión"),
    ("follow_up", "Follow-up visit", "Visita de seguimiento"),
    ("not given", "Not given", "No indicado"),
])
def test_appointment_types_in_both_languages(library: FormLibrary, code: str, en: str, es: str) -> None:
    assert DayLabels(library, "en").appointment(code) == en
    assert DayLabels(library, "es").appointment(code) == es


def test_words_follow_the_definitions_and_unknown_codes_stay_codes(library: FormLibrary) -> None:
    """A form or type the library no longer has (an old trail row) is shown as its code."""
    labels = DayLabels(library, "es")
    assert labels.screen("retired_form/q1") == "retired_form/q1"
    assert labels.screen("phq9/q99") == "PHQ-9 · q99"
    assert labels.appointment("telehealth") == "telehealth"
    renamed = library.forms["phq9"].model_copy(update={"short_title": None})
    other = DayLabels(replace(library, forms={**library.forms, "phq9": renamed}), "en")
    assert other.screen("phq9/q1") == f"{renamed.title.get('en')} · question 1"


def test_without_the_check_in_a_type_is_named_by_its_protocol(library: FormLibrary) -> None:
    forms = {k: v for k, v in library.forms.items() if k != "checkin"}
    assert DayLabels(replace(library, forms=forms), "es").appointment("infusion") == "Sesión de infusión"
    assert DayLabels(replace(library, forms=forms), "en").appointment("other") == "First consultation"
