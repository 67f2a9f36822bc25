"""What a newcomer read on the way through: intros once, honest counts, the right message.

Driven on the real kiosk window by touch; the bundled C-SSRS, safety and consent forms
run in a short protocol so the count, the time doubts and the consent texts are the
clinic's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import ItemType, LocalizedText, VisitProtocol
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.choice import ChoiceInput
from kiosk.ui.widgets.info import InfoInput
from kiosk.ui.widgets.pad_entry import TimeInput
from kiosk.ui.widgets.signature import SignatureInput
from tests.ui.conftest import NOW, Outbox, running_kiosk
from tests.ui.finger import Finger
from tests.ui.test_visit import choose_language


@pytest.fixture
def clinic_kiosk(qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox) -> Iterator[Kiosk]:
    """The bundled C-SSRS, safety check and consent, in that order."""
    from kiosk.settings import Settings

    protocol = VisitProtocol(id="screen", title=LocalizedText({"en": "Screen", "es": "Detección"}),
                             forms=("cssrs", "safety", "consent"))
    clinic = FormLibrary(forms=library.forms, protocols={"screen": protocol})
    with running_kiosk(qtbot, Settings(data_dir=tmp_path, protocol="screen"), clinic, outbox, clock=lambda: NOW,
                       auto_advance_ms=10) as built:
        yield built


def visible_texts(kiosk: Kiosk) -> str:
    """Every text the question screen shows now (labels the patient can see)."""
    from PySide6.QtWidgets import QLabel

    screen = kiosk.window.question
    return "\n".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_check_in_intro_is_read_first_then_only_the_title_reminds(
    kiosk: Kiosk, finger: Finger, visit_library: FormLibrary, language: str,
) -> None:
    form = visit_library.form("checkin")
    intro = form.instructions.get(language)
    choose_language(finger, kiosk, language)
    screen = kiosk.window.question
    assert isinstance(screen.input, InfoInput) and screen.input.text.text() == intro  # before question 1
    assert screen.progress.label.text() == form.title.get(language)
    finger.next()
    assert kiosk.flow.session is not None and kiosk.flow.session.step.item_id == "legal_name"
    seen = []
    for kind, value in ((ItemType.text, "Ana"), (None, None), (ItemType.date, "02291980"),
                        (ItemType.phone, "5551234567")):
        assert intro not in visible_texts(kiosk)
        seen.append(kiosk.flow.session.step.item_id)
        if kind is None:
            finger.next()
        else:
            finger.answer(kind, value)
    assert seen == ["legal_name", "preferred_name", "dob", "phone"]


def test_a_stem_every_item_completes_stays_on_every_question(kiosk: Kiosk, finger: Finger, library: FormLibrary) -> None:
    """PHQ-9's "Over the last 2 weeks..." is part of each question: it is not cut to once."""
    finger.open("phq9", "q4", "es")
    session = kiosk.flow.session
    assert session is not None
    stem = library.form("phq9").instructions.get("es")
    assert kiosk.window.question.instructions.text() == stem and kiosk.window.question.instructions.isVisible()
    assert all(step.kind != "intro" for step in session.steps() if step.form_id == "phq9")


@pytest.mark.parametrize("language", ["en", "es"])
def test_read_the_next_page_only_comes_before_the_page(
    clinic_kiosk: Kiosk, library: FormLibrary, language: str,
) -> None:
    kiosk = clinic_kiosk
    consent = library.form("consent")
    intro = consent.instructions.get(language)
    kiosk.flow.start()
    session = kiosk.flow.session
    assert session is not None
    session.set_language(language)
    screen = kiosk.window.question
    for item_id in ("consent_text", "agree", "signature"):
        session.go_to("consent", item_id)
        assert intro not in visible_texts(kiosk), item_id
        assert screen.instructions.text() == consent.title.get(language)
    session.back()
    session.back()
    session.back()
    assert session.step.kind == "intro" and session.step.form_id == "consent"
    assert isinstance(screen.input, InfoInput) and screen.input.text.text() == intro  # the next page is the text


def progress_line(kiosk: Kiosk) -> str:
    return kiosk.window.question.progress.label.text()


@pytest.mark.parametrize(("language", "lines"), [
    ("en", ["C-SSRS · question 1 of up to 7", "C-SSRS · question 2 of up to 7",
            "C-SSRS · question 3 of up to 7", "C-SSRS · question 4 of up to 7",
            "C-SSRS · question 5 of up to 7", "C-SSRS · question 6 of up to 7", "C-SSRS · question 7 of 7"]),
    ("es", ["C-SSRS · pregunta 1 de 7 como máximo", "C-SSRS · pregunta 2 de 7 como máximo",
            "C-SSRS · pregunta 3 de 7 como máximo", "C-SSRS · pregunta 4 de 7 como máximo",
            "C-SSRS · pregunta 5 de 7 como máximo", "C-SSRS · pregunta 6 de 7 como máximo",
            "C-SSRS · pregunta 7 de 7"]),
])
def test_the_count_never_grows_as_skip_logic_opens_questions(
    clinic_kiosk: Kiosk, qtbot: QtBot, language: str, lines: list[str],
) -> None:
    """All "yes": every C-SSRS question opens; the count said "up to 7" from the start."""
    kiosk = clinic_kiosk
    finger = Finger(qtbot, kiosk)
    choose_language(finger, kiosk, language)
    finger.next()  # the C-SSRS intro
    shown = []
    for _ in range(7):
        shown.append(progress_line(kiosk))
        finger.answer(ItemType.yes_no, True)
        if kiosk.window.current_screen() is kiosk.window.critical:
            finger.tap(kiosk.window.critical.button)
    assert shown == lines


def test_all_no_settles_the_count_down_never_up(clinic_kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk = clinic_kiosk
    finger = Finger(qtbot, kiosk)
    choose_language(finger, kiosk, "en")
    finger.next()
    shown = []
    for _ in range(3):
        shown.append(progress_line(kiosk))
        finger.answer(ItemType.yes_no, False)
    assert shown == ["C-SSRS · question 1 of up to 7", "C-SSRS · question 2 of up to 7",
                     "C-SSRS · question 3 of up to 4"]
    assert kiosk.flow.session is not None and kiosk.flow.session.step.form_id == "safety"


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Please sign in the box with your finger."),
    ("es", "Por favor, firme en el recuadro con su dedo."),
])
def test_submit_without_a_signature_asks_for_one(clinic_kiosk: Kiosk, qtbot: QtBot, language: str, message: str) -> None:
    kiosk = clinic_kiosk
    finger = Finger(qtbot, kiosk)
    assert isinstance(finger.open("consent", "signature", language), SignatureInput)
    finger.next()
    assert kiosk.window.question.error.isVisible() and kiosk.window.question.error.text() == message
    assert kiosk.flow.session is not None and kiosk.flow.session.step.item_id == "signature"


def to_time(finger: Finger, item_id: str, language: str) -> TimeInput:
    widget = finger.open("safety", item_id, language)
    assert isinstance(widget, TimeInput)
    return widget


def twelve_hour(moment: dt.datetime) -> tuple[str, str]:
    """``moment`` as typed on the kiosk: four digits and AM/PM."""
    return f"{moment.hour % 12 or 12:02d}{moment.minute:02d}", "PM" if moment.hour >= 12 else "AM"


@pytest.mark.parametrize(("item_id", "language", "start"), [
    ("last_food_time", "en", "That time is later than now ("),
    ("last_clear_drink_time", "es", "Esa hora es más tarde que ahora ("),
])
def test_a_last_food_or_drink_time_later_than_now_is_asked_about(
    clinic_kiosk: Kiosk, qtbot: QtBot, item_id: str, language: str, start: str,
) -> None:
    """Twenty minutes from now: a slip, or last night? Asked once; Next again keeps it."""
    kiosk = clinic_kiosk
    finger = Finger(qtbot, kiosk)
    to_time(finger, item_id, language)
    local = NOW.astimezone()  # the patient types the kiosk's wall-clock time
    later = local + dt.timedelta(minutes=20)
    finger.answer(ItemType.time, twelve_hour(later), insist=False)
    session = kiosk.flow.session
    assert session is not None and session.step.item_id == item_id
    error = kiosk.window.question.error
    assert error.isVisible() and error.text().startswith(start)
    assert f"{local.hour % 12 or 12}:{local.minute:02d}" in error.text()  # now, as the kiosk sees it
    assert item_id not in session.answers["safety"]
    finger.next()  # yes, it was last night
    assert session.answers["safety"][item_id] == later.strftime("%H:%M")
    assert session.step.item_id != item_id


def test_a_corrected_time_goes_through_without_a_second_question(clinic_kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk = clinic_kiosk
    finger = Finger(qtbot, kiosk)
    widget = to_time(finger, "last_food_time", "en")
    local = NOW.astimezone()
    finger.answer(ItemType.time, twelve_hour(local + dt.timedelta(minutes=20)), insist=False)
    assert kiosk.window.question.error.isVisible()
    for _ in range(4):
        finger.tap(widget.pad.keys["⌫"])
    earlier = local - dt.timedelta(minutes=20)
    finger.answer(ItemType.time, twelve_hour(earlier), insist=False)
    session = kiosk.flow.session
    assert session is not None
    assert session.answers["safety"]["last_food_time"] == earlier.strftime("%H:%M")
    assert session.step.item_id != "last_food_time"  # one Next was enough


def test_the_c_ssrs_intro_is_a_page_of_its_own(clinic_kiosk: Kiosk, qtbot: QtBot) -> None:
    """The C-SSRS intro is a page to read: Next, then its first question's Yes/No."""
    kiosk = clinic_kiosk
    finger = Finger(qtbot, kiosk)
    choose_language(finger, kiosk, "en")
    assert isinstance(kiosk.window.question.input, InfoInput)
    assert kiosk.window.question.progress.label.text() == "C-SSRS"
    finger.next()
    assert isinstance(kiosk.window.question.input, ChoiceInput)
