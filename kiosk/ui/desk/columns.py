"""Queue column widths that fit the window: short columns to their text, Scores takes the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kiosk.ui.desk.queue_model import COLUMNS, FLAGS, SCORES
from kiosk.ui.sizes import TOUCH_MIN

SAMPLES = {0: "CRITICAL", 1: "00:00", 2: "Nguyễn Văn An Lee", 3: "0000-00-00", FLAGS: "PHQ-9 item 9 pos", 6: "reviewed"}
"""The widest text each column usually holds; longer names and flags wrap or elide (full text
in the tooltip), so the queue never needs a horizontal scrollbar."""
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
    """Widths from the font the stylesheet gave the table (call once it is polished and shown)."""
    font = table.font()
    font.setBold(True)  # critical rows and the header are bold
    metrics = QFontMetrics(font)
    header = table.horizontalHeader()
    for column, sample in SAMPLES.items():
        widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(COLUMNS[column]))
        header.resizeSection(column, widest + PADDING)
