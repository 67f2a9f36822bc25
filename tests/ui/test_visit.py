"""Whole visits driven by touch: language, check-in, PHQ-9, safety, review, consent, submit."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from tests.ui.conftest import Outbox
from tests.ui.finger import Finger

PHQ = [1, 0, 2, 0, 1, 0, 3, 0, 1]  # total 8 (mild); item 9 = 1 raises the critical flag


def choose_language(finger: Finger, kiosk: Kiosk, language: str) -> None:
    """From the slides to the first form's intro screen."""
    finger.tap(kiosk.window.attract)
    assert kiosk.window.current_screen() is kiosk.window.language
    finger.tap(kiosk.window.language.buttons[language])


def start(finger: Finger, kiosk: Kiosk, language: str) -> None:
    """From the slides to the first question (past the check-in's intro screen)."""
    choose_language(finger, kiosk, language)
    finger.pass_reading()


def do_checkin(finger: Finger, kiosk: Kiosk, driver: bool = True) -> None:
    finger.answer(ItemType.text, "José Núñez")
    finger.next()  # preferred name is optional
    finger.answer(ItemType.date, "02291980")
    finger.answer(ItemType.phone, "5551234567")
    finger.answer(ItemType.yes_no, driver)
    if driver:
        finger.answer(ItemType.text, "Ana María")


def do_phq9(finger: Finger, kiosk: Kiosk) -> None:
    for code in PHQ:
        finger.answer(ItemType.single_choice, code)
        if kiosk.window.current_screen() is kiosk.window.critical:
            finger.tap(kiosk.window.critical.button)
    finger.answer(ItemType.single_choice, 1)  # difficulty


@pytest.mark.parametrize("language", ["en", "es"])
def test_whole_visit_by_taps(qtbot: QtBot, kiosk: Kiosk, finger: Finger, outbox: Outbox,
                             visit_library: FormLibrary, language: str) -> None:
    window = kiosk.window
    start(finger, kiosk, language)
    checkin = visit_library.form("checkin")
    assert window.question.question.text() == checkin.item("legal_name").text.get(language)
    assert window.top_bar.start_over_button.text() == ("Empezar de nuevo" if language == "es" else "Start over")
    do_checkin(finger, kiosk)
    assert window.question.progress.label.text().startswith("PHQ-9 · " + ("pregunta 1 de 10" if language == "es" else "question 1 of 10"))
    do_phq9(finger, kiosk)
    finger.next()  # safety intro (info)
    finger.answer(ItemType.multiple_choice, ["benzo", "opioid"])
    finger.answer(ItemType.number, "12")
    finger.answer(ItemType.time, ("0645", "PM"))
    assert window.current_screen() is window.review
    finger.tap(window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    assert window.question.next_button.text().startswith("Enviar" if language == "es" else "Submit")
    finger.answer(ItemType.signature, None)
    qtbot.waitUntil(lambda: len(outbox.submissions) == 1)
    qtbot.waitUntil(lambda: window.thank_you.button.isVisible())
    assert window.thank_you.title.text() == ("¡Gracias!" if language == "es" else "Thank you!")

    sub = outbox.submissions[0]
    assert sub.language == language and sub.kiosk_id == "lobby-1"
    assert sub.patient.legal_name == "José Núñez"
    assert sub.patient.date_of_birth == dt.date(1980, 2, 29)
    assert sub.patient.phone == "(555) 123-4567"
    assert sub.responses["checkin"].answers["driver_name"] == "Ana María"
    phq = sub.responses["phq9"]
    assert [phq.answers[f"q{i}"] for i in range(1, 10)] == PHQ
    assert phq.scores["total"].value == 8 and phq.scores["total"].band == "mild"
    assert sub.responses["safety"].answers == {"meds": ["benzo", "opioid"], "drinks": 12, "last_food": "18:45"}
    assert [(f.id, f.severity) for f in sub.flags] == [("phq9_item9", "critical"), ("many_drinks", "warning")]
    signature = sub.responses["consent"].answers["signature"]
    assert isinstance(signature, str) and signature.startswith("data:image/png;base64,")
    assert kiosk.flow.session is None  # the patient's session is gone once submitted
    finger.tap(window.thank_you.button)
    assert window.current_screen() is window.attract


def test_bundled_protocol_visit(qtbot: QtBot, library: FormLibrary, settings, outbox: Outbox) -> None:  # type: ignore[no-untyped-def]
    """The real bundled protocol, answered generically by item type."""
    protocol = library.protocol(None)
    if "checkin" not in protocol.forms:
        pytest.skip("the bundled protocol has no check-in form yet (forms helpers are adding it)")
    from kiosk.ui.app import build_kiosk
    from tests.ui.visit_robot import answer_everything

    kiosk = build_kiosk(settings.model_copy(update={"protocol": protocol.id}), library, outbox, auto_advance_ms=5)
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    finger = Finger(qtbot, kiosk)
    start(finger, kiosk, "es")
    answer_everything(finger, kiosk)
    qtbot.waitUntil(lambda: len(outbox.submissions) == 1, timeout=10000)
    sub = outbox.submissions[0]
    assert set(sub.responses) == set(protocol.forms)
    assert sub.patient.legal_name == "José Núñez"
    kiosk.flow.idle.stop()
    kiosk.window.unlock()


def test_visit_is_stored_in_the_real_store(qtbot: QtBot, settings, visit_library: FormLibrary) -> None:  # type: ignore[no-untyped-def]
    """The composition root's store (SQLite file in tmp data_dir), written from the worker thread."""
    import uuid

    from kiosk.store import Store
    from kiosk.ui.app import build_kiosk, open_store

    submit, spooled = open_store(settings)
    kiosk = build_kiosk(settings, visit_library, submit, spooled_errors=spooled, auto_advance_ms=5)
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    finger = Finger(qtbot, kiosk)
    start(finger, kiosk, "es")
    do_checkin(finger, kiosk)
    do_phq9(finger, kiosk)
    finger.next()
    finger.answer(ItemType.multiple_choice, ["maoi"])
    finger.answer(ItemType.number, "3")
    finger.answer(ItemType.time, ("0915", "AM"))
    finger.tap(kiosk.window.review.ok_button)
    finger.answer(ItemType.yes_no, True)
    with qtbot.waitSignal(kiosk.flow.submitted, timeout=10000) as outcome:
        finger.answer(ItemType.signature, None)
    assert outcome.args == ["stored"]
    with Store.open(settings) as store:
        assert store.count() == 1
        (row,) = store.find("José Núñez", dt.date(1980, 2, 29), actor="test")
        stored = store.get(uuid.UUID(str(row.id)), actor="test")
    assert stored.language == "es"
    assert stored.responses["phq9"].scores["total"].value == 8
    assert stored.responses["safety"].answers["last_food"] == "09:15"
    assert [f.id for f in stored.flags] == ["phq9_item9"]
    kiosk.flow.idle.stop()
    kiosk.window.unlock()
