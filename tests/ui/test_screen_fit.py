"""Every patient screen fits the 1280x800 tablet or scrolls: every item of every shipped form,
the language choice, review, notices and overlays, at every text size, in both languages.

A screen fails on any overlap, cut-off widget or clipped text (see ``tests/ui/fit.py``); the
message names the form, item, language and text size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.forms.display import answer_rows
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.intake.entry import reason_texts
from kiosk.intake.session import ReviewSection
from kiosk.settings import Settings
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.screens.question import QuestionView
from kiosk.ui.sizes import TEXT_SCALES
from tests.ui.conftest import Outbox
from tests.ui.fit import fit_problems

LOOKS = [(size, False) for size in TEXT_SCALES] + [(max(TEXT_SCALES, key=TEXT_SCALES.__getitem__), True)]
"""Every text size, and the largest in high contrast (its borders are wider)."""


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


@pytest.fixture
def bundled_kiosk(qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox) -> Iterator[Kiosk]:
    built = build_kiosk(Settings(data_dir=tmp_path), library, outbox)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.flow.idle.stop()
    built.window.unlock()


def _look(window: KioskWindow, size: str, contrast: bool) -> None:
    window.top_bar.size_buttons[size].click()
    window.top_bar.contrast.setChecked(contrast)


def _settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()


def _check(window: KioskWindow, where: str, failures: list[str]) -> None:
    _settle()
    failures.extend(f"{where}: {problem}" for problem in fit_problems(window))


def _walk_questions(window: KioskWindow, library: FormLibrary, language: str, look: str, failures: list[str]) -> None:
    for form in library.forms.values():
        for number, item in enumerate(form.items, 1):
            view = QuestionView(
                form=form, item=item, language=language, fraction=0.5, last=False,
                progress=f"{form.short_title.get(language) if form.short_title else form.id} · {number}/{len(form.items)}",
                answer=widest_answer(form, item),
            )
            window.question.show_question(view)
            window.show_screen(window.question)
            _check(window, f"{form.id} item {item.id} [{language}, {look}]", failures)
    longest_error = max(reason_texts(language), key=len)
    window.question.show_error(longest_error)
    _check(window, f"question screen with the longest error line [{language}, {look}]", failures)
    window.question.hide_error()


def _walk_other_screens(window: KioskWindow, library: FormLibrary, language: str, look: str, failures: list[str]) -> None:
    window.show_screen(window.language)
    _check(window, f"language choice [{look}]", failures)
    sections = [
        ReviewSection(form.id, form.title.get(language),
                      answer_rows(form, {item.id: widest_answer(form, item) for item in form.items}, language))
        for form in library.forms.values()
    ]
    window.review.show_review(sections, language)
    window.show_screen(window.review)
    _check(window, f"review [{language}, {look}]", failures)
    window.critical.show_note(language)
    window.show_screen(window.critical)
    _check(window, f"critical note [{language}, {look}]", failures)
    for state in ("saving", "thanks", "problem"):
        window.thank_you.show_state(state, language)
        window.show_screen(window.thank_you)
        _check(window, f"thank-you screen ({state}) [{language}, {look}]", failures)
    window.show_screen(window.question)
    window.idle_overlay.show_countdown(20, language)
    window.idle_overlay.open()
    _check(window, f"are-you-still-there overlay [{language}, {look}]", failures)
    window.idle_overlay.hide()
    window.confirm_overlay.ask(language)
    _check(window, f"start-over overlay [{language}, {look}]", failures)
    window.confirm_overlay.hide()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("size", "contrast"), LOOKS, ids=[f"{s}{'-contrast' if c else ''}" for s, c in LOOKS])
def test_every_screen_fits_or_scrolls(
    bundled_kiosk: Kiosk, library: FormLibrary, language: str, size: str, contrast: bool,
) -> None:
    window = bundled_kiosk.window
    assert (window.width(), window.height()) == (1280, 800)
    _look(window, size, contrast)
    look = f"text size {size}" + (", high contrast" if contrast else "")
    window.top_bar.set_language(language)
    failures: list[str] = []
    _walk_questions(window, library, language, look, failures)
    _walk_other_screens(window, library, language, look, failures)
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures[:60])
