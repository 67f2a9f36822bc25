"""Idle timeout and Start over: nothing of the last patient survives, on screen or in memory."""

from __future__ import annotations

import gc
import time
import weakref

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.forms.model import ItemType
from kiosk.ui.app import Kiosk
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.text_entry import TextInput
from tests.ui.finger import Finger
from tests.ui.test_visit import do_checkin, start

PATIENT_TRACES = ("José", "Núñez", "Ana María", "(555) 123", "02/29/1980", "1980-02-29",
                  "More than half the days", "Nearly every day")


def shown_texts() -> list[str]:
    """The text of every live widget in the application (labels and buttons)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts = []
    for widget in QApplication.allWidgets():
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
    return texts


def patient_on_screen(finger: Finger, kiosk: Kiosk) -> weakref.ref:  # type: ignore[type-arg]
    """Start a visit, enter a name, birth date, phone, driver and two PHQ-9 answers."""
    start(finger, kiosk, "es")
    do_checkin(finger, kiosk, driver=True)
    finger.answer(ItemType.single_choice, 2)
    finger.answer(ItemType.single_choice, 3)
    finger.tap(kiosk.window.question.back_button)  # "Casi todos los días" selected on screen
    assert kiosk.flow.session is not None
    return weakref.ref(kiosk.flow.session)


def assert_wiped(kiosk: Kiosk, session_ref: weakref.ref) -> None:  # type: ignore[type-arg]
    window = kiosk.window
    assert window.current_screen() is window.attract
    assert kiosk.flow.session is None
    texts = "\n".join(shown_texts())
    for trace in PATIENT_TRACES + ("Casi todos los días", "Más de la mitad de los días"):
        assert trace not in texts, f"{trace!r} still shown after the wipe"
    gc.collect()
    assert session_ref() is None, f"the old session is still referenced by {gc.get_referrers(session_ref())!r}"
    assert window.top_bar.size_buttons["A"].isChecked() and not window.top_bar.contrast.isChecked()


def test_idle_timeout_warns_then_wipes_everything(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    session_ref = patient_on_screen(finger, kiosk)
    # short times once the patient is on screen: set before, a slow machine timed out mid-typing
    kiosk.flow.idle.configure(timeout=0.3, countdown=3, tick_ms=60)
    finger.tap(kiosk.window.top_bar.contrast)  # the next patient must not inherit it
    texts = "\n".join(shown_texts())
    assert "Casi todos los días" in texts and "Núñez" not in texts  # precondition: answers are shown
    overlay = kiosk.window.idle_overlay
    qtbot.waitUntil(overlay.isVisible, timeout=3000)
    assert overlay.title.text() == "¿Sigue ahí?"
    assert overlay.count.text() in ("3", "2")
    qtbot.waitUntil(lambda: kiosk.flow.session is None, timeout=3000)
    assert not overlay.isVisible()
    assert_wiped(kiosk, session_ref)


def test_still_here_keeps_the_visit(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    patient_on_screen(finger, kiosk)
    kiosk.flow.idle.configure(timeout=0.3, countdown=20, tick_ms=60)
    overlay = kiosk.window.idle_overlay
    qtbot.waitUntil(overlay.isVisible, timeout=3000)
    finger.tap(overlay.stay_button)
    assert not overlay.isVisible()
    assert kiosk.flow.session is not None
    assert kiosk.flow.session.answers["checkin"]["legal_name"] == "José Núñez"


def test_touches_keep_the_idle_timer_from_firing(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    # A timeout a loaded machine cannot overrun between two touches (each takes well under a
    # second), and touches that together last longer than it: only the touches kept it away.
    kiosk.flow.idle.configure(timeout=2.0, countdown=3, tick_ms=60)
    start(finger, kiosk, "en")
    began = time.monotonic()
    for letter in "abcdefgh":
        qtbot.wait(300)
        finger.type_text(letter)
    assert time.monotonic() - began > 2.0
    assert not kiosk.window.idle_overlay.isVisible()
    assert kiosk.flow.session is not None


def test_start_over_asks_first_then_wipes(kiosk: Kiosk, finger: Finger) -> None:
    session_ref = patient_on_screen(finger, kiosk)
    window = kiosk.window
    finger.tap(window.top_bar.start_over_button)
    confirm = window.confirm_overlay
    assert confirm.isVisible() and confirm.title.text() == "¿Empezar de nuevo?"
    finger.tap(confirm.no_button)
    assert not confirm.isVisible() and kiosk.flow.session is not None
    finger.tap(window.top_bar.start_over_button)
    finger.tap(confirm.yes_button)
    assert_wiped(kiosk, session_ref)


def test_language_screen_back_returns_to_slides(kiosk: Kiosk, finger: Finger) -> None:
    finger.tap(kiosk.window.attract)
    session_ref = weakref.ref(kiosk.flow.session)  # type: ignore[arg-type]
    finger.tap(kiosk.window.language.back_button)
    assert_wiped(kiosk, session_ref)


def test_earlier_answers_never_linger_in_hidden_inputs(kiosk: Kiosk, finger: Finger) -> None:
    """Earlier answers do not linger in hidden widgets. Inputs of another kind are kept for the
    visit (a keyboard is not rebuilt after every date), but hidden, emptied, at most one of a
    kind, and the wipe destroys them all."""
    session_ref = patient_on_screen(finger, kiosk)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    current = kiosk.window.question.input
    inputs = [w for w in QApplication.allWidgets() if isinstance(w, QuestionInput)]
    kept = [w for w in inputs if w is not current]
    assert current in inputs and kept, "nothing was kept: the test proves nothing"
    assert len({type(w) for w in kept}) == len(kept)  # one of a kind at most
    for old in kept:
        assert old.isHidden()
        held = [c.text() for c in old.findChildren(QLabel)] + [c.text() for c in old.findChildren(QLineEdit)]
        for trace in PATIENT_TRACES:
            assert not any(trace in text for text in held), f"{trace!r} lingers in a kept {type(old).__name__}"
        # a choice once made (the keyboard's ⇧ shows its mode for the next letter, not an answer)
        checked = [b.text() for b in old.findChildren(QAbstractButton) if b.isCheckable() and b.isChecked()]
        assert isinstance(old, TextInput) or not checked, f"{type(old).__name__} keeps {checked} checked"
    kiosk.flow.wipe()  # what the idle timeout and Start over run
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert [w for w in QApplication.allWidgets() if isinstance(w, QuestionInput)] == []
    assert_wiped(kiosk, session_ref)


def test_the_wipe_gives_the_visits_garbage_back_before_the_next_patient(kiosk: Kiosk, finger: Finger, qtbot: QtBot) -> None:
    """Issue #16 (memory after a visit): objects of the visit caught in reference cycles
    waited for Python's next automatic collection; the wipe collects them itself (and hands
    free heap pages back), so the next patient starts from a lean kiosk."""

    class Held:
        """Stands for a visit's object caught in a cycle (widget callbacks, closures)."""

    start(finger, kiosk, "en")
    held = Held()
    held.cycle = held  # type: ignore[attr-defined]
    ref = weakref.ref(held)
    del held
    gc.disable()  # only the kiosk's own collection may free it
    try:
        finger.tap(kiosk.window.top_bar.start_over_button)
        finger.tap(kiosk.window.confirm_overlay.yes_button)
        qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.attract, timeout=5000)
        qtbot.wait(20)
        assert ref() is None, "the visit's garbage is still in memory after the wipe"
    finally:
        gc.enable()
