"""What a screen reader says for a widget: accessible names without the drawn marks.

Buttons show marks a sighted patient reads at a glance ("‹  Back", "◐  High contrast",
"⌫"); a screen reader would read them out as "single left-pointing angle quotation mark".
Every name set here is the plain words, in the patient's language.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QWidget

_MARKS = re.compile(r"[‹›◐▶■]")


def spoken(text: str) -> str:
    """``text`` without the decorative marks and their spacing ("‹  Back" → "Back")."""
    return " ".join(_MARKS.sub(" ", text).split())


def name(widget: QWidget, text: str, description: str | None = None) -> None:
    """Give ``widget`` the accessible name ``text`` (marks dropped), and a description when the name is not enough."""
    widget.setAccessibleName(spoken(text))
    if description is not None:
        widget.setAccessibleDescription(description)


def show_text(button: QAbstractButton, text: str) -> None:
    """Set a button's shown text and its accessible name together."""
    button.setText(text)
    name(button, text)


def tab_chain(widgets: list[QWidget]) -> None:
    """Tab visits ``widgets`` in this order (content built after Back and Next comes before them)."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)
