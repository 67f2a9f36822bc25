"""The attract loop: the clinic's slides, alternating English and Spanish.

Light on purpose: ``kiosk run`` draws this before anything else is imported or built.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings


def make_attract(settings: Settings) -> tuple[QWidget | None, str | None]:
    """The slide show over the clinic's slides, or (None, why) to fall back to a plain screen.

    Broken slides must not stop check-ins, so they are reported rather than fatal.
    """
    from kiosk.content import SlideLoadError, clinic_values, load_decks
    from kiosk.paths import RESOURCES
    from kiosk.ui.widgets.slideshow import SlideShow

    try:
        decks = load_decks(RESOURCES / "slides", ("en", "es"), clinic_values(settings))
    except SlideLoadError as exc:
        return None, str(exc)
    show = SlideShow(decks["en"], settings.slide_seconds)
    alternate_languages(show, [decks["en"], decks["es"]])
    return show, None


def alternate_languages(show: Any, decks: list[Any]) -> None:
    """Each time the loop comes round to its first slide, switch English ↔ Spanish."""
    switching = False

    def on_slide(index: int) -> None:
        nonlocal switching
        if index != 0 or switching:
            return
        switching = True  # set_deck shows slide 0 again: do not switch back at once
        try:
            position = next((i for i, deck in enumerate(decks) if deck is show.deck), -1)
            show.set_deck(decks[(position + 1) % len(decks)])
        finally:
            switching = False

    show.slide_changed.connect(on_slide)
