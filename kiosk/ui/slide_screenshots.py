"""Rendering every slide of a deck to PNG, so a person can look at them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.content import Deck
from kiosk.ui.widgets.slide_style import slides_stylesheet
from kiosk.ui.widgets.slideshow import SlideShow

TABLET = (1280, 800)


def render_deck(
    deck: Deck, out_dir: Path, size: tuple[int, int] = TABLET, stylesheet: str | None = None,
    speaker: bool = True,
) -> list[Path]:
    """One PNG per slide, ``slide-<lang>-NN.png``, drawn with QWidget.grab() (works offscreen).

    ``stylesheet`` defaults to slides.qss in the everyday colours; pass "" to use the app's own.
    ``speaker`` shows the read-aloud button, as on a kiosk with an audio output.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    show = SlideShow(deck)
    show.setStyleSheet(slides_stylesheet() if stylesheet is None else stylesheet)
    show.resize(*size)
    show.speaker.setVisible(speaker)
    show.show()
    written = []
    try:
        for index in range(len(deck)):
            show.show_slide(index)
            QApplication.processEvents()
            path = out_dir / f"slide-{deck.language}-{index + 1:02d}.png"
            if not show.grab().save(str(path)):
                raise OSError(f"cannot write {path}")
            written.append(path)
    finally:
        show.close()
        show.deleteLater()
    return written
