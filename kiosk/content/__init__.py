"""Attract-loop slide deck loading (no Qt)."""

from kiosk.content.loader import (
    SlideLoadError,
    SlideProblem,
    check_same_slides,
    load_deck,
    load_decks,
    load_slide,
)
from kiosk.content.model import Deck, DeckText, Slide, SlideFrontMatter, SlideKind
from kiosk.content.placeholders import clinic_values, fill_body, fill_line

__all__ = [
    "Deck",
    "DeckText",
    "Slide",
    "SlideFrontMatter",
    "SlideKind",
    "SlideLoadError",
    "SlideProblem",
    "check_same_slides",
    "clinic_values",
    "fill_body",
    "fill_line",
    "load_deck",
    "load_decks",
    "load_slide",
]
