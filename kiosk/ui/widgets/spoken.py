"""What a screen gives read-aloud: its texts in reading order, each with the widget it names.

Every screen has one ``spoken()`` method returning these; the read-aloud controller
(kiosk/ui/read_aloud.py) turns them into speech lines and highlights ``widget`` while its
text is heard.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.widgets.slide_view import repolish


@dataclass(frozen=True)
class Said:
    """One text to read in ``language``; ``widget`` (a choice, a review row) lights up meanwhile."""

    text: str
    language: str
    widget: QWidget | None = None


def shown_texts(language: str, *labels: QLabel) -> list[Said]:
    """The visible, non-empty labels' texts, in order (a hidden label is not read)."""
    return [Said(lab.text(), language) for lab in labels if lab.text().strip() and not lab.isHidden()]


def set_reading(widget: QWidget, on: bool) -> None:
    """Mark ``widget`` as being read (QSS ``[reading="true"]`` draws the highlight)."""
    if bool(widget.property("reading")) != on:
        widget.setProperty("reading", on)
        repolish(widget)
