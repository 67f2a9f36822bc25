"""What read-aloud says on every screen: the question and every visible choice, in the
patient's language (every item of every shipped form, both languages), the review's
questions and answers, the notices and the language choice."""

from __future__ import annotations

import pytest

from kiosk.forms import FormLibrary
from kiosk.forms.model import ItemType
from kiosk.speech.script import numbered
from kiosk.ui.app import Kiosk
from kiosk.ui.strings import tr
from kiosk.ui.widgets.spoken import Said
from tests.ui.screen_walk import bundled_kiosk, full_review, intro_item, show_item  # noqa: F401 - a fixture


def _text(said: list[Said]) -> str:
    return "\n".join(s.text for s in said)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_question_is_read_with_every_choice(bundled_kiosk: Kiosk, library: FormLibrary, language: str) -> None:
    window = bundled_kiosk.window
    failures: list[str] = []
    for form in library.forms.values():
        for item in [intro_item(form), *form.items]:
            show_item(window, form, item, language)
            said = window.question.spoken()
            spoken = _text(said)
            where = f"{form.id}.{item.id} [{language}]"
            if {s.language for s in said} != {language}:
                failures.append(f"{where}: read in {sorted({s.language for s in said})}")
            # the words on screen: a question with text variants (the drinking form's window in
            # days) shows and reads the variant, not the base text
            if window.question.question.text() not in spoken:
                failures.append(f"{where}: the question is not read")
            if item.help and item.help.get(language) not in spoken:
                failures.append(f"{where}: the hint is not read")
            choice = window.question.input
            buttons = getattr(choice, "buttons", [])
            for n, (option, (_code, button)) in enumerate(zip(form.options_of(item), buttons)):
                line = numbered(n, option.label.get(language), language)
                if not any(s.text == line and s.widget is button for s in said):
                    failures.append(f"{where}: choice {n + 1} is not read as {line!r} lighting its button")
            if item.type in (ItemType.single_choice, ItemType.yes_no, ItemType.multiple_choice) and \
                    len(buttons) != len(form.options_of(item)):
                failures.append(f"{where}: {len(buttons)} buttons for {len(form.options_of(item))} options")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("language", ["en", "es"])
def test_review_reads_every_question_and_answer(bundled_kiosk: Kiosk, library: FormLibrary, language: str) -> None:
    window = bundled_kiosk.window
    sections = full_review(library, language)
    window.review.show_review(sections, language)
    said = window.review.spoken()
    spoken = _text(said)
    assert tr("review_title", language) in spoken
    for section in sections:
        assert section.title in spoken
        for row in section.rows:
            widget = window.review.rows[(section.form_id, row.item.id)]
            assert any(s.widget is widget and s.text.startswith(row.question) and widget.answer.text() in s.text
                       for s in said), f"{section.form_id}.{row.item.id} not read"
    window.review.clear()
    assert window.review.spoken() == []  # the wipe takes the spoken answers too


@pytest.mark.parametrize("language", ["en", "es"])
def test_notices_are_read(bundled_kiosk: Kiosk, language: str) -> None:
    window = bundled_kiosk.window
    window.critical.show_note(language)
    spoken = _text(window.critical.spoken())
    for key in ("critical_title", "critical_body", "critical_988"):
        assert tr(key, language) in spoken
    window.thank_you.show_state("thanks", language)
    assert _text(window.thank_you.spoken()) == tr("thanks_title", language) + "\n" + tr("thanks_body", language)


def test_language_choice_is_read_in_both_languages(bundled_kiosk: Kiosk) -> None:
    screen = bundled_kiosk.window.language
    said = screen.spoken()
    assert [(s.text, s.language) for s in said] == [
        (tr("choose_language", "en"), "en"), (tr("choose_language", "es"), "es"),
        ("English", "en"), ("Español", "es"),
    ]
    assert [s.widget for s in said[2:]] == [screen.buttons["en"], screen.buttons["es"]]
