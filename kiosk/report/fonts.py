"""The embedded TrueType fonts of the clinician PDF (DejaVu Sans, bundled under resources/).

Reportlab's built-in Helvetica cannot print names such as Nguyễn; embedding our own copy
keeps the PDF identical on every machine, whatever fonts the system has.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.paths import RESOURCES

FONT_DIR = RESOURCES / "fonts"
REGULAR = "KioskSans"
BOLD = "KioskSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class FontMissingError(RuntimeError):
    """The bundled font files are not where the package expects them."""


def register_fonts(font_dir: Path = FONT_DIR) -> tuple[str, str]:
    """Register the regular and bold faces once per process; returns their names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in _FILES.items():
        if name in registered:
            continue
        path = font_dir / file
        if not path.is_file():
            raise FontMissingError(f"font file missing: {path} (reinstall the kiosk package)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # So that <b> inside a Paragraph picks the bold face.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
