"""What every page of the summary carries: confidentiality line, patient, page X of Y, forms.

The page count is only known once the whole story is laid out, so the canvas keeps each
page's state and draws headers and footers when the document is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from kiosk.report.fonts import BOLD, REGULAR
from kiosk.report.pdf_styles import INK, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, PAGE_SIZE, RULE

CONFIDENTIAL = "Confidential — protected health information"


@dataclass(frozen=True)
class PageDecor:
    """The texts repeated on every page."""

    patient: str
    forms: str
    generated: str


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis only if it cannot fit (names are rarely this long)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_decor(canvas: Canvas, decor: PageDecor, page: int, pages: int) -> None:
    """Header and footer of one page."""
    width, height = PAGE_SIZE
    right = width - MARGIN_X
    top = height - MARGIN_TOP + 9
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(MARGIN_X, top, CONFIDENTIAL)
    label_width = canvas.stringWidth(CONFIDENTIAL, BOLD, 8.5) + 12
    canvas.setFont(BOLD, 9)
    canvas.drawRightString(right, top, _fit(decor.patient, BOLD, 9, right - MARGIN_X - label_width))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, top - 4, right, top - 4)

    bottom = MARGIN_BOTTOM - 10
    canvas.line(MARGIN_X, bottom + 9, right, bottom + 9)
    page_text = f"Page {page} of {pages}"
    canvas.setFont(BOLD, 9)
    canvas.drawRightString(right, bottom, page_text)
    page_width = canvas.stringWidth(page_text, BOLD, 9) + 14
    canvas.setFont(REGULAR, 7)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(right - page_width, bottom, f"Generated {decor.generated}")
    generated_width = canvas.stringWidth(f"Generated {decor.generated}", REGULAR, 7) + 14
    lines = simpleSplit(decor.forms, REGULAR, 7, right - MARGIN_X - page_width - generated_width)
    for n, line in enumerate(lines[:3]):
        canvas.drawString(MARGIN_X, bottom - n * 8.5, line)
    canvas.restoreState()


def numbered_canvas(decor: PageDecor) -> type[Canvas]:
    """A canvas class that defers headers and footers until the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's page-count recipe

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_decor(self, decor, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
