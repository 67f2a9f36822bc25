"""A table of rows drawn straight onto the canvas, splitting across pages itself.

Used for the answer pages and page 1's tables. reportlab's Table with a Paragraph per
cell was most of the summary's render time: it wraps every cell twice and parses each
paragraph's markup. These rows hold text already broken into lines (see pdf_text), so
measuring is a sum and drawing is a string per line.
Rows move to the next page whole, like a table's, except a row marked splittable or one
too tall for any page, which continues line by line; the header row repeats on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from kiosk.report.pdf_text import LineBreaker, TextStyle

_PAD_X = 6.0
_MIN_LINES = 2
"""Fewest lines of a split row left on a page (a lone line at a page foot is easy to miss)."""


@dataclass(frozen=True)
class TextBlock:
    """Lines of one style inside a cell, the first ``lead_words`` words in ``lead``'s style."""

    lines: tuple[str, ...]
    style: TextStyle
    lead: TextStyle | None = None
    lead_words: int = 0

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.leading

    def cut(self, lines: int) -> tuple[TextBlock, TextBlock]:
        """The first ``lines`` lines and the rest, each with its share of the lead words."""
        words = sum(len(line.split()) for line in self.lines[:lines])
        head = min(words, self.lead_words)
        return (TextBlock(self.lines[:lines], self.style, self.lead, head),
                TextBlock(self.lines[lines:], self.style, self.lead, self.lead_words - head))


@dataclass(frozen=True)
class ImageBlock:
    """A picture inside a cell (the drawn signature); it never splits."""

    image: ImageReader
    width: float
    height: float


Block = TextBlock | ImageBlock


def text_block(breaker: LineBreaker, value: str, style: TextStyle, width: float, *,
               lead: tuple[str, TextStyle] | None = None, pad: float = 2 * _PAD_X) -> TextBlock:
    """``value`` broken into the lines that fit a cell ``width`` wide (``pad`` included),
    after a ``lead`` in its own style if given."""
    lines = breaker.lines(value, style, width - pad, lead)
    if lead is None:
        return TextBlock(lines, style)
    return TextBlock(lines, style, lead[1], len(lead[0].split()))


@dataclass(frozen=True)
class Cell:
    """What one cell shows, top to bottom; ``span`` is how many columns it covers."""

    blocks: tuple[Block, ...] = ()
    span: int = 1

    @property
    def height(self) -> float:
        return sum(block.height for block in self.blocks)

    def cut(self, room: float) -> tuple[Cell, Cell] | None:
        """The blocks and lines that fit ``room``, and the rest; None if an image is cut."""
        head: list[Block] = []
        used = 0.0
        for n, block in enumerate(self.blocks):
            if used + block.height <= room:
                head.append(block)
                used += block.height
                continue
            if isinstance(block, ImageBlock):
                return None
            first, rest_of_block = block.cut(max(0, int((room - used) // block.style.leading)))
            rest: list[Block] = [rest_of_block, *self.blocks[n + 1:]]
            if first.lines:
                head.append(first)
            return Cell(tuple(head), self.span), Cell(tuple(rest), self.span)
        return self, Cell((), self.span)


@dataclass(frozen=True)
class RowLook:
    """How a row is set off: background, a box around it (highlighted answers), rules."""

    background: Color | None = None
    box: tuple[float, Color] | None = None
    rule_above: tuple[float, Color] | None = None
    rule_below: tuple[float, Color] | None = None
    pad_top: float = 3.0
    pad_bottom: float = 4.0
    pad_left: float = _PAD_X


@dataclass(frozen=True)
class Row:
    """One row of cells; the keep flags hold it on the same page as its neighbour."""

    cells: tuple[Cell, ...]
    look: RowLook
    splittable: bool = False
    keep_with_previous: bool = False
    keep_with_next: bool = False

    @property
    def height(self) -> float:
        return self.look.pad_top + max(cell.height for cell in self.cells) + self.look.pad_bottom

    def split(self, room: float) -> tuple[Row, Row] | None:
        """The part of this row that fits ``room`` and the continuation, line by line."""
        inner = room - self.look.pad_top - self.look.pad_bottom
        cuts = [cell.cut(inner) for cell in self.cells]
        if any(cut is None for cut in cuts):
            return None
        heads = tuple(cut[0] for cut in cuts if cut is not None)
        tails = tuple(cut[1] for cut in cuts if cut is not None)
        lines = max(sum(len(b.lines) for b in c.blocks if isinstance(b, TextBlock)) for c in heads)
        if lines < _MIN_LINES or all(not cell.blocks for cell in tails):
            return None
        # The continuation starts under the repeated header, so it needs its own top padding.
        look = replace(self.look, pad_top=max(self.look.pad_top, RowLook.pad_top))
        return (replace(self, cells=heads, keep_with_next=False),
                replace(self, cells=tails, look=look, keep_with_previous=False))


class RowTable(Flowable):
    """Rows under a repeated header, laid out and split across pages by hand (see module doc).

    ``box`` draws a frame around the table (around each page's part when it splits).
    """

    def __init__(self, widths: Sequence[float], rows: Sequence[Row], head: Row | None,
                 page_height: float, box: tuple[float, Color] | None = None) -> None:
        super().__init__()
        self.widths = list(widths)
        self.rows = list(rows)
        self.head = head
        self.page_height = page_height
        self.box = box
        self.width = sum(self.widths)
        self.height = sum(row.height for row in self._all())

    def _all(self) -> list[Row]:
        return ([self.head] if self.head else []) + self.rows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        head = self.head.height if self.head else 0.0
        used = head
        fit: list[Row] = []
        rest = list(self.rows)
        while rest and used + rest[0].height <= availHeight:
            used += rest[0].height
            fit.append(rest.pop(0))
        if rest and (rest[0].splittable or head + rest[0].height > self.page_height):
            parts = rest[0].split(availHeight - used)
            if parts:
                fit.append(parts[0])
                rest[0] = parts[1]
        while fit and rest and (fit[-1].keep_with_next or rest[0].keep_with_previous):
            rest.insert(0, fit.pop())
        if not fit or not rest:
            return []
        return [RowTable(self.widths, fit, self.head, self.page_height, self.box),
                RowTable(self.widths, rest, self.head, self.page_height, self.box)]

    def _placed(self) -> list[tuple[Row, float]]:
        """Each row with the y of its top edge."""
        top = self.height
        placed = []
        for row in self._all():
            placed.append((row, top))
            top -= row.height
        return placed

    def draw(self) -> None:
        canvas = self.canv
        placed = self._placed()
        for row, top in placed:  # backgrounds first, so rules and text stay on top
            if row.look.background is not None:
                canvas.setFillColor(row.look.background)
                canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
        self._draw_text(placed)
        pen: tuple[float, Color] | None = None
        for row, top in placed:
            for rule, y in ((row.look.rule_above, top), (row.look.rule_below, top - row.height)):
                if rule is not None:
                    pen = self._pen(rule, pen)
                    canvas.line(0, y, self.width, y)
        for row, top in placed:  # boxes last: a neighbour's thin rule must not cross them
            if row.look.box is not None:
                pen = self._pen(row.look.box, pen)
                canvas.rect(0, top - row.height, self.width, row.height, stroke=1, fill=0)
        if self.box is not None:
            self._pen(self.box, pen)
            canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    def _pen(self, pen: tuple[float, Color], current: tuple[float, Color] | None
             ) -> tuple[float, Color]:
        if pen != current:
            self.canv.setLineWidth(pen[0])
            self.canv.setStrokeColor(pen[1])
        return pen

    def _draw_text(self, placed: list[tuple[Row, float]]) -> None:
        """Every line in one text object, in reading order (row by row, cell by cell), so
        text extraction reads a row as "number question answer score"; fonts and colours
        are only set when they change, which keeps the page streams short."""
        canvas = self.canv
        text = canvas.beginText()
        images: list[tuple[ImageBlock, float, float]] = []
        current: TextStyle | None = None
        for row, top in placed:
            x = row.look.pad_left
            column = 0
            for cell in row.cells:
                y = top - row.look.pad_top
                for block in cell.blocks:
                    if isinstance(block, ImageBlock):
                        images.append((block, x, y - block.height))
                    elif block.lines:
                        text.setTextOrigin(x, y - block.style.size)
                        current = _write(text, block, current)
                    y -= block.height
                x += sum(self.widths[column:column + cell.span])
                column += cell.span
        canvas.drawText(text)
        for image, x, y in images:
            canvas.drawImage(image.image, x, y, image.width, image.height, mask="auto")


def _style(text: PDFTextObject, style: TextStyle, current: TextStyle | None) -> TextStyle:
    """Switch font and colour only where they change: shorter page streams, faster saves."""
    if current is None or (style.font, style.size, style.leading) != (
            current.font, current.size, current.leading):
        text.setFont(style.font, style.size, style.leading)
    if current is None or style.color is not current.color:  # shared constants: `is` suffices
        text.setFillColor(style.color)
    return style


def _write(text: PDFTextObject, block: TextBlock, current: TextStyle | None
           ) -> TextStyle | None:
    """A block's lines, its lead words in the lead's style."""
    lead = block.lead_words
    for line in block.lines:
        if lead and block.lead is not None:
            words = line.split(" ")
            current = _style(text, block.lead, current)
            text.textOut(" ".join(words[:lead]) + (" " if len(words) > lead else ""))
            line = " ".join(words[lead:])
            lead = max(0, lead - len(words))
        current = _style(text, block.style, current)
        text.textLine(line)
    return current
