"""Line breaking of plain text for the answer rows, without reportlab's Paragraph.

A Paragraph parses markup and measures every word again each time a table wraps it; the
answer pages hold plain patient and form text only, so breaking it here with remembered
word widths is several times cheaper. The result matches a Paragraph's: runs of spaces
collapse, a newline starts a new line, words stay whole unless one alone is wider than the
column (then it is cut, so nothing ever runs past the cell).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

_SHRINK = 0.05
"""How much of each space a line may borrow to fit one more word: reportlab's default
``spaceShrinkage``, so lines break where a Paragraph would break them."""


@dataclass(frozen=True)
class TextStyle:
    """Font, size, line height and colour of one kind of text in a row."""

    font: str
    size: float
    leading: float
    color: Color

    @classmethod
    def of(cls, style: ParagraphStyle) -> TextStyle:
        """The same look as a paragraph style, so pdf_styles stays the one place to tune it."""
        return cls(style.fontName, style.fontSize, style.leading, style.textColor)


class LineBreaker:
    """Breaks text into lines of a width, remembering word widths for one render.

    The cache lives as long as one PDF: it holds patient words, which should not outlive
    the document they were printed in.
    """

    def __init__(self) -> None:
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def width(self, text: str, font: str, size: float) -> float:
        """Width of ``text`` in points."""
        cache = self._widths.setdefault((font, size), {})
        width = cache.get(text)
        if width is None:
            width = cache[text] = stringWidth(text, font, size)
        return width

    def lines(self, text: str, style: TextStyle, width: float,
              lead: tuple[str, TextStyle] | None = None) -> tuple[str, ...]:
        """``text`` as the lines that fit ``width``; an empty text is no line at all.

        ``lead`` is a prefix in its own style (a bold "PHQ-9:" before a message), measured
        in that style and wrapped with the text as one run of words.
        """
        if lead is not None:
            text = f"{lead[0]} {text}"
        if not text:
            return ()
        out: list[str] = []
        for part in text.split("\n"):
            words = part.split()
            line = " ".join(words)  # "" keeps an empty line's height, as <br/><br/> does
            if lead is None and stringWidth(line, style.font, style.size) <= width:
                out.append(line)  # most cells: one short line, measured in one call
            else:
                out += self._wrap(words, style, width, lead)
            lead = None
        return tuple(out)

    def _wrap(self, words: list[str], style: TextStyle, width: float,
              lead: tuple[str, TextStyle] | None) -> list[str]:
        font, size = style.font, style.size
        space = self.width(" ", font, size)
        bold = len(lead[0].split()) if lead else 0
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for n, word in enumerate(words):
            face = lead[1] if lead and n < bold else style
            w = self.width(word, face.font, face.size)
            if line and used + space + w <= width + _SHRINK * space * len(line):
                line.append(word)
                used += space + w
                continue
            if line:
                lines.append(" ".join(line))
            if w > width:
                *pieces, word = self._cut(word, face.font, face.size, width)
                lines += pieces
                w = self.width(word, face.font, face.size)
            line, used = [word], w
        lines.append(" ".join(line))
        return lines

    def _cut(self, word: str, font: str, size: float, width: float) -> list[str]:
        """A word wider than the column, cut into pieces that fit (at least a letter each)."""
        pieces: list[str] = []
        start, used = 0, 0.0
        for end, char in enumerate(word):
            w = stringWidth(char, font, size)
            if used + w > width and end > start:
                pieces.append(word[start:end])
                start, used = end, 0.0
            used += w
        pieces.append(word[start:])
        return pieces
