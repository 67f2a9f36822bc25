"""Fonts, sizes, colours and paragraph styles of the clinician PDF (one place to tune them).

Colours only reinforce what words and symbols already say, so a greyscale print loses
nothing: flags carry "CRITICAL"/"WARNING", highlighted answers a ⚠ sign and bold type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from kiosk.report.fonts import BOLD, REGULAR, register_fonts

PAGE_SIZE = letter
MARGIN_X = 16 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
"""Width of the text frame (it has no inner padding)."""
HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
"""Height of the text frame: the most one page can hold."""

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9A9A9A")
ALERT = colors.HexColor("#A50E1A")  # dark enough to stay dark grey in greyscale
ALERT_TINT = colors.HexColor("#FBE9EA")
OK_TINT = colors.HexColor("#EEF3EE")
HIGHLIGHT = colors.HexColor("#FFE9A8")  # light grey in greyscale, behind bold text + ⚠
HEADER_BG = colors.HexColor("#E4E4E4")
SKIPPED_BG = colors.HexColor("#F4F4F4")


def table(data: list[list[Any]], widths: list[float], style: list[tuple[Any, ...]],
          **options: Any) -> Table:
    """A Table whose cells default to our embedded font (reportlab's default is Helvetica,
    which would be referenced without being embedded)."""
    return Table(data, colWidths=widths, style=[("FONT", (0, 0), (-1, -1), REGULAR, 9), *style],
                 **options)


class Para(Paragraph):
    """A Paragraph that remembers its line breaks for a width.

    Tables wrap every cell twice (to size the rows, then to draw them); re-breaking the
    same text at the same width was half of the render time.
    """

    _wrapped_width: float | None = None
    _wrapped: tuple[float, float] = (0.0, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped_width != availWidth or "blPara" not in self.__dict__:
            self._wrapped = super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
        return self._wrapped


def text(value: str) -> str:
    """Escape patient or form text for a reportlab Paragraph (which parses markup)."""
    return escape(value).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the summary uses."""

    clinic: ParagraphStyle
    doc_title: ParagraphStyle
    patient: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    section: ParagraphStyle
    note: ParagraphStyle
    body: ParagraphStyle
    body_bold: ParagraphStyle
    small: ParagraphStyle
    small_bold: ParagraphStyle
    cell_head: ParagraphStyle
    alert_head: ParagraphStyle
    flag: ParagraphStyle
    flag_bold: ParagraphStyle
    ok: ParagraphStyle
    number: ParagraphStyle


def build_styles() -> Styles:
    """Paragraph styles on the embedded fonts (registering them on first use)."""
    register_fonts()

    def style(name: str, size: float, *, bold: bool = False, color: colors.Color = INK,
              leading: float | None = None, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=BOLD if bold else REGULAR, fontSize=size,
            leading=leading or size * 1.25, textColor=color, splitLongWords=1, **extra,
        )

    return Styles(
        clinic=style("clinic", 13, bold=True),
        doc_title=style("doc_title", 9.5, color=MUTED),
        patient=style("patient", 19, bold=True, leading=23),
        label=style("label", 7.5, color=MUTED),
        value=style("value", 10.5, bold=True),
        section=style("section", 13, bold=True, spaceBefore=4, spaceAfter=2),
        note=style("note", 8.5, color=MUTED),
        body=style("body", 9.5),
        body_bold=style("body_bold", 9.5, bold=True),
        small=style("small", 8.5),
        small_bold=style("small_bold", 8.5, bold=True),
        cell_head=style("cell_head", 8, bold=True),
        alert_head=style("alert_head", 12, bold=True, color=colors.white),
        flag=style("flag", 10, leading=13),
        flag_bold=style("flag_bold", 10, bold=True, leading=13),
        ok=style("ok", 11, bold=True),
        number=style("number", 9.5, color=MUTED),
    )
