"""Any item of any form on the kiosk's question screen, with the answer that takes most room."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.display import answer_rows
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.intake.session import ReviewSection
from kiosk.settings import Settings
from kiosk.speech.sinks import find_output
from kiosk.ui.app import Kiosk
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.screens.question import QuestionView
from tests.ui.conftest import Outbox, running_kiosk


def widest_answer(form: FormDefinition, item: Item) -> Answer:
    """The answer that takes the most room on screen: every option chosen (bold), the longest label."""
    options = form.options_of(item)
    if item.type is ItemType.multiple_choice:
        return [option.code for option in options]
    if options:
        return max(options, key=lambda option: len(option.label.get("es"))).code
    return {
        ItemType.text: "María José Núñez-Villaseñor", ItemType.number: 120, ItemType.date: "1980-12-28",
        ItemType.time: "12:45", ItemType.phone: "(555) 123-4567",
    }.get(item.type)


def intro_item(form: FormDefinition) -> Item:
    """The form's intro step as the session shows it: its instructions as a text to read."""
    return Item(id="instructions", type=ItemType.info, text=form.instructions, required=False)


def show_item(window: KioskWindow, form: FormDefinition, item: Item, language: str, where: str = "") -> None:
    """``item`` on the question screen as the flow shows it, answered with ``widest_answer``.

    The line above the question is the longest it can be: the form's instructions (a stem
    repeated on every question), or its title above the intro.
    """
    title = form.short_title.get(language) if form.short_title else form.id
    intro = item.id == "instructions"
    window.question.show_question(QuestionView(
        form=form, item=item, question=item.text.get(language), language=language, fraction=0.5, last=False,
        progress=f"{title} · {where}", answer=widest_answer(form, item),
        heading=form.title.get(language) if intro else form.instructions.get(language),
    ))
    window.show_screen(window.question)


def full_review(library: FormLibrary, language: str) -> list[ReviewSection]:
    """A review listing every item of every form, answered with ``widest_answer``."""
    return [
        ReviewSection(form.id, form.title.get(language),
                      answer_rows(form, {item.id: widest_answer(form, item) for item in form.items}, language))
        for form in library.forms.values()
    ]


@pytest.fixture
def bundled_kiosk(qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox) -> Iterator[Kiosk]:
    """The kiosk on the bundled forms and protocol, shown at the tablet's size, with the
    read-aloud button showing (as on a kiosk with speakers; nothing is played)."""
    with running_kiosk(qtbot, Settings(data_dir=tmp_path), library, outbox, audio_output=find_output("null")) as built:
        yield built
