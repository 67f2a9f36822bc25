"""The slides stylesheet filled with colours, for a SlideShow shown outside the full app theme.

``resources/styles/slides.qss`` uses the same ``{{ name }}`` placeholders as the app theme, so
the kiosk's own stylesheet builder can include it; this fills it on its own (renders, tests).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from kiosk.paths import RESOURCES

SLIDES_QSS = RESOURCES / "styles" / "slides.qss"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")

DEFAULT_COLOURS: dict[str, str] = {
    "background": "#f5f7f8",
    "surface": "#ffffff",
    "text": "#1d2a33",
    "muted": "#52626e",
    "border": "#c9d3da",
    "accent": "#1f5f8b",
    "accent_text": "#ffffff",
    "warning": "#8a4b00",
    "warning_bg": "#fff4e0",
}
"""The everyday palette (the app theme's defaults)."""


def slides_stylesheet(colours: Mapping[str, str] | None = None, path: Path = SLIDES_QSS) -> str:
    """slides.qss with every ``{{ colour }}`` filled; KeyError names an unknown placeholder."""
    values = {**DEFAULT_COLOURS, **(colours or {})}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{path}: unknown stylesheet placeholder {{{{ {name} }}}}")
        return values[name]

    return _PLACEHOLDER.sub(fill, path.read_text(encoding="utf-8"))
