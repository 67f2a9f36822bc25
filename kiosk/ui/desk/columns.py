"""Queue column widths that fit the queue's pane: short columns to their text, the rest shared.

The queue sits beside the visit's detail (kiosk.ui.desk.panes), so its width changes with the
split: the columns are fitted again whenever it moves, and long names and flags wrap.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kiosk.ui.desk.queue_model import COLUMNS, DONE, FLAGS, PATIENT, SCORES
from kiosk.ui.sizes import TOUCH_MIN

SAMPLES = {0: "CRITICAL", 1: "00:00", PATIENT: "Nguyễn Văn An Lee", FLAGS: "PHQ-9 item 9 pos", DONE: "Exported 00:00"}
"""The widest text each column usually holds; longer names and flags wrap or elide (full text
in the tooltip), so the queue never needs a horizontal scrollbar."""
SHARED = (PATIENT, FLAGS)
"""Columns that share what is left when the pane is too narrow for Scores (their text wraps)."""
SCORES_SAMPLE = "PHQ-9 14 Moderate depression"
"""Scores is shown only when it gets this much room; otherwise the detail beside the queue (and
the Patient cell's tooltip) carries the scores."""
PADDING = 28
"""Cell padding (QSS) and a little air, both sides together."""


def fit_columns(table: QTableView, row_height: int = TOUCH_MIN) -> None:
    """Set the queue table up to fit its width: Scores stretches and wraps, the others are sized."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(len(COLUMNS)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)  # staff may drag
    header.setSectionResizeMode(SCORES, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setMinimumSectionSize(row_height)  # finger-sized on the kiosk
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def size_columns(table: QTableView) -> None:
    """Widths from the font the stylesheet gave the table and the width it has now (call once it
    is polished and shown, and again when the split moves)."""
    font = table.font()
    font.setBold(True)  # critical rows and the header are bold
    metrics = QFontMetrics(font)
    widths = {column: max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(COLUMNS[column])) + PADDING
              for column, sample in SAMPLES.items()}
    available = table.viewport().width() - 1
    header = table.horizontalHeader()
    room_for_scores = available - sum(widths.values())
    narrow = room_for_scores < metrics.horizontalAdvance(SCORES_SAMPLE) // 2 + PADDING
    table.setColumnHidden(SCORES, narrow)
    if narrow:  # names and flags wrap onto more lines rather than push the queue sideways
        rest = available - sum(w for c, w in widths.items() if c not in SHARED)
        wanted = sum(widths[c] for c in SHARED)
        born = metrics.horizontalAdvance("0000-00-00") + PADDING  # the date of birth is never cut
        widths[PATIENT] = max(born, rest * widths[PATIENT] // wanted)
        widths[FLAGS] = max(PADDING * 2, rest - widths[PATIENT])
    for column, width in widths.items():
        header.resizeSection(column, width)
