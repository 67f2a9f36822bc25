"""The queue beside the visit's detail, split where staff drag it and remembered for the session.

A full visit (several forms of answers) did not fit the detail pane at desk sizes when the
queue sat above it; side by side, the detail keeps at least half the width and its full height.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget

DETAIL_SHARE = 0.58
"""The detail pane's part of the width until staff drag the split."""
DETAIL_MIN_SHARE = 0.5
"""Never less: the detail pane is where a visit is read in full."""


class PaneMemory:
    """Where staff left the split, kept while the program runs: every sign-in opens a new desk
    window, and the split should not snap back each time. Not written to disk."""

    def __init__(self) -> None:
        self.detail_share = DETAIL_SHARE

    def sizes(self, total: int) -> list[int]:
        detail = round(total * max(self.detail_share, DETAIL_MIN_SHARE))
        return [total - detail, detail]


class QueueDetailSplitter(QSplitter):
    """Queue on the left, detail on the right; a drag that would shrink the detail below half is held at half."""

    resplit = Signal()
    """The panes' widths changed (window resized, split dragged): the queue refits its columns."""

    def __init__(self, queue: QWidget, detail: QWidget, memory: PaneMemory) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("DeskSplitter")
        self.setChildrenCollapsible(False)
        self.addWidget(queue)
        self.addWidget(detail)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self._memory = memory
        self._placed_for = 0
        self.splitterMoved.connect(self._moved)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)  # type: ignore[arg-type]
        total = sum(self.sizes())
        if total and total != self._placed_for:  # first layout and window resizes keep the share
            self._placed_for = total
            self.setSizes(self._memory.sizes(total))
            self.resplit.emit()

    def _moved(self, _pos: int, _index: int) -> None:
        queue, detail = self.sizes()
        total = queue + detail
        if not total:
            return
        self._memory.detail_share = max(detail / total, DETAIL_MIN_SHARE)
        if detail < total * DETAIL_MIN_SHARE:
            self.setSizes(self._memory.sizes(total))
        self.resplit.emit()
