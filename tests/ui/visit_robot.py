"""Answers any protocol by taps, choosing a plausible answer per item type."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from kiosk.forms.model import FormDefinition, Item, ItemType
from kiosk.intake.session import IntakeSession
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


def answer_everything(
    finger: Finger, kiosk: Kiosk, limit: int = 200, choose: Callable[[FormDefinition, Item], Any] = plausible, *,
    choices: Mapping[str, Any] | None = None, seen: list[tuple[str, str, str]] | None = None,
    stop: Callable[[IntakeSession], bool] | None = None,
) -> None:
    """Tap through every question, the review and consent until the visit is submitted.

    ``choose`` says what to enter for an item; ``choices``: answers by item id instead (e.g. the
    appointment type); ``seen`` collects (form id, progress line, question) of every question
    shown; ``stop`` returns early once it holds for the session (the test waits, calls again).
    """
    for _screen in each_screen(finger, kiosk, limit, choose, choices=choices, seen=seen, stop=stop):
        pass


def each_screen(
    finger: Finger, kiosk: Kiosk, limit: int = 200, choose: Callable[[FormDefinition, Item], Any] = plausible, *,
    choices: Mapping[str, Any] | None = None, seen: list[tuple[str, str, str]] | None = None,
    stop: Callable[[IntakeSession], bool] | None = None,
) -> Iterator[str]:
    """Answer the visit by taps as ``answer_everything``, pausing on each screen (its name) before answering it."""
    window = kiosk.window
    for _ in range(limit):
        session = kiosk.flow.session
        if session is None or (stop is not None and stop(session)):
            return
        finger.qtbot.wait(1)  # the new screen lays itself out
        if window.current_screen() is window.critical:
            yield "critical note"
            finger.tap(window.critical.button)
        elif session.step.kind == "review":
            yield "review"
            finger.tap(window.review.ok_button)
        elif session.step.kind == "intro":
            yield f"{session.form().id} intro"
            finger.next()
        elif session.step.kind == "question":
            item = session.item()
            yield f"{session.form().id}.{item.id}"
            if seen is not None:
                seen.append((session.form().id, window.question.progress.label.text(), window.question.question.text()))
            if item.type is ItemType.info:
                finger.next()
            else:
                given = (choices or {}).get(item.id)
                finger.answer(item.type, given if given is not None else choose(session.form(), item))
    raise AssertionError("the visit did not end")
