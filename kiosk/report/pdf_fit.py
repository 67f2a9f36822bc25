"""Page 1 fitted to one page: the flags first, then the scores and the trend charts.

A clinician turns to page 1 for two things: what needs attention before the patient leaves,
and how the scores are moving (a first visit has no trend: there every flag stays on page 1 and
the rest flows on as drawn). An infusion-day safety screen can raise a dozen flags, and
the box of them used to fill page 1 and push the scores and trends overleaf, where a
clinician glancing at the printout does not look. So, in this order, only as far as needed:

1. the trend charts are drawn compact (smaller, same numbers and words), and the answers
   marked for review (which repeat what the flags already say, in the patient's words) move
   to page 2, a line saying so;
2. the flags box shows as many flags as fit, but never fewer than every critical one, in its
   own order (crisis first, critical before warning within each group), ends with "N more
   flags continued on page 2", and the rest open page 2 before everything else. Its heading
   still counts every flag of the visit, so nothing is left out unseen;
3. if the critical flags, the score table and the charts still do not fit (a full battery
   has eight charts), the compact charts come right after the flags and the score table
   moves to page 2: each chart prints today's value over its marker, shades the bands and
   says the verdict (response, remission), so page 1 still gives the scores at a glance, and
   the table's ranges and change column are one page away.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

from kiosk.report.pdf_styles import HEIGHT, WIDTH

SAFETY = 4.0
"""Points kept free: the frame's own rounding must not push the last line overleaf."""
Box = Callable[[int, int], Flowable]
"""The flags box showing the first ``shown`` flags, and saying ``more`` continue overleaf."""


def height(flowables: Sequence[Flowable]) -> float:
    """How tall ``flowables`` stand on a page of the body's width (spaces around them too),
    measured on a scratch canvas (some flowables need one to measure). A KeepTogether answers
    "taller than any page" to force its own split, so its content is measured instead."""
    scratch = Canvas(io.BytesIO())
    total = 0.0
    for f in flowables:
        if isinstance(f, KeepTogether):
            total += height(vars(f)["_content"])  # reportlab keeps the list there, with no accessor
            continue
        total += f.wrapOn(scratch, WIDTH, HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


Rest = Callable[[int], tuple[list[Flowable], list[Flowable]]]
"""After the flags at crowding ``level`` (0: as drawn; 1: step 1 above; 2: step 3): (what
page 1 shows, what moves to page 2)."""
LEVELS = 3


def fit_page_one(top: list[Flowable], box: Box, count: int, must: int, rest: Rest,
                 continued: Callable[[int], list[Flowable]]) -> tuple[list[Flowable], list[Flowable]]:
    """(page 1, what opens page 2): ``top`` (header, patient), the flags box of ``count`` flags
    (the first ``must`` of them, the critical ones, always on page 1), then ``rest`` (scores,
    trends, notes); ``continued(shown)`` is the box of the flags after the first ``shown``."""
    for level in range(LEVELS - 1):
        after, moved = rest(level)
        page = [*top, box(count, 0), *after]
        if height(page) <= HEIGHT - SAFETY:
            return page, moved
    for level in range(LEVELS - 2, LEVELS):  # warnings overleaf before the score table is
        after, moved = rest(level)
        room = HEIGHT - SAFETY - height(top) - height(after)
        shown = min(count, max(count - 1, must, 1))  # never below the critical flags, nor empty
        while shown > max(must, 1) and height([box(shown, count - shown)]) > room:
            shown -= 1
        if height([box(shown, count - shown)]) <= room or level == LEVELS - 1:
            break
    overleaf = continued(shown) if shown < count else []
    return [*top, box(shown, count - shown), *after], [*overleaf, *moved]
