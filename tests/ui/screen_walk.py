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
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.screens.question import QuestionView
from tests.ui.conftest import Outbox, shown


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


def show_item(window: KioskWindow, form: FormDefinition, item: Item, language: str, where: str = "") -> None:
    """``item`` on the question screen as the flow shows it, answered with ``widest_answer``."""
    title = form.short_title.get(language) if form.short_title else form.id
    window.question.show_question(QuestionView(
        form=form, item=item, language=language, fraction=0.5, last=False,
        progress=f"{title} · {where}", answer=widest_answer(form, item),
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
    """The kiosk on the bundled forms and protocol, shown at the tablet's size."""
    yield from shown(qtbot, build_kiosk(Settings(data_dir=tmp_path), library, outbox))
