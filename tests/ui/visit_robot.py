"""Answers any protocol by taps, choosing a plausible answer per item type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.ui.app import Kiosk
from tests.ui.finger import Finger


def plausible(form: FormDefinition, item: Item) -> Any:
    """What the finger enters for ``item`` (as typed/tapped)."""
    options = form.options_of(item)
    kind = item.type
    if kind in (ItemType.single_choice, ItemType.yes_no):
        return options[0].code
    if kind is ItemType.multiple_choice:
        return [options[0].code]
    if kind is ItemType.text:
        return "José Núñez" if item.patient_field == "legal_name" else "Ana"
    if kind is ItemType.date:
        return "02291980" if item.patient_field == "date_of_birth" else "11202026"
    if kind is ItemType.phone:
        return "5551234567"
    if kind is ItemType.number:
        return str(int(item.min or 1))
    if kind is ItemType.time:
        return ("0700", "AM")
    return None


def answer_everything(finger: Finger, kiosk: Kiosk, limit: int = 200,
                      choose: Callable[[FormDefinition, Item], Any] = plausible) -> None:
    """Tap through every question, the review and consent until the visit is submitted
    (``choose`` says what to enter for an item)."""
    window = kiosk.window
    for _ in range(limit):
        session = kiosk.flow.session
        if session is None:
            return
        if window.current_screen() is window.critical:
            finger.tap(window.critical.button)
        elif session.step.kind == "review":
            finger.tap(window.review.ok_button)
        elif session.step.kind == "intro":
            finger.next()
        elif session.step.kind == "question":
            item = session.item()
            if item.type is ItemType.info:
                finger.next()
            else:
                finger.answer(item.type, choose(session.form(), item))
    raise AssertionError("the visit did not end")
