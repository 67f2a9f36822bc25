"""Every patient screen fits the 1280x800 tablet or scrolls: every item of every shipped form,
the language choice, review, notices and overlays, at every text size, in both languages.

A screen fails on any overlap, cut-off widget or clipped text (see ``tests/ui/fit.py``); the
message names the form, item, language and text size.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.forms import FormLibrary
from kiosk.intake.entry import reason_texts
from kiosk.ui.app import Kiosk
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.sizes import TEXT_SCALES
from tests.ui.fit import fit_problems
from tests.ui.screen_walk import bundled_kiosk, full_review, intro_item, show_item  # noqa: F401 - a fixture

LOOKS = [(size, False) for size in TEXT_SCALES] + [(size, True) for size in list(TEXT_SCALES)[-2:]]
"""Every text size, and the two largest in high contrast (its borders are wider)."""


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
        for number, item in enumerate([intro_item(form), *form.items]):
            show_item(window, form, item, language, f"{number}/{len(form.items)}")
            _check(window, f"{form.id} item {item.id} [{language}, {look}]", failures)
            if item.type.value in ("date", "time", "text", "signature", "number"):  # the longest reasons, under keys
                window.question.show_error(max(reason_texts(language, item.type), key=len))
                _check(window, f"{form.id} item {item.id} with its longest reason [{language}, {look}]", failures)


def _walk_other_screens(window: KioskWindow, library: FormLibrary, language: str, look: str, failures: list[str]) -> None:
    window.show_screen(window.language)
    _check(window, f"language choice [{look}]", failures)
    window.review.show_review(full_review(library, language), language)
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
