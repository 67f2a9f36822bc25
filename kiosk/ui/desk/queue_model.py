"""The review queue as a Qt table model: critical rows first, words beside colours."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kiosk.forms import FormLibrary
from kiosk.intake.handling import Step

COLUMNS = ("Attention", "Time", "Patient", "Scores", "Flags", "Done")
SEVERITY_TEXT = {"critical": "CRITICAL", "warning": "Warning", None: ""}
SEVERITY_BRUSH = {"critical": QColor("#f9d0d0"), "warning": QColor("#fbeec2")}

Index = QModelIndex | QPersistentModelIndex
PATIENT, SCORES, FLAGS, DONE = 2, 3, 4, 5
"""Patient holds the name over the date of birth and Done the desk's facts one a line (reviewed,
printed, exported, each with its time; exporting never hides a review): the queue shares the
window with the visit's detail, so it has few, narrow columns."""
SHORT_FLAG = 32
"""Longest flag text the queue shows as is; longer messages become "PHQ-9 critical"."""
def flag_text(library: FormLibrary, flag: Any) -> str:
    """A flag in a few words: the message's lead (``PHQ-9 item 9 positive``) or form and severity."""
    lead = str(flag.message).split(":", 1)[0].strip()
    if lead and len(lead) <= SHORT_FLAG:
        return lead
    form = library.forms.get(flag.form)
    title = (form.short_title or form.title).en if form else flag.form
    return f"{title} {SEVERITY_TEXT.get(flag.severity) or flag.severity}"


def scores_text(library: FormLibrary, scores: dict[str, dict[str, dict[str, Any]]]) -> str:
    """``PHQ-9 12 moderate · AUDIT 18 harmful`` from the queue's scores summary."""
    parts = []
    for form_id, by_rule in scores.items():
        form = library.forms.get(form_id)
        title = (form.short_title or form.title).en if form else form_id
        for rule_id, score in by_rule.items():
            sub = rule_id.replace("_", "-").upper()
            # "AUDIT-C 5", not "AUDIT AUDIT-C 5": a sub-score named after its form says it once
            label = title if rule_id == "total" else sub if sub.startswith(title.upper()) else f"{title} {sub}"
            band = _band_label(library, form_id, rule_id, score.get("band"))
            parts.append(f"{label} {score.get('value')}" + (f" {band}" if band else ""))
    return " · ".join(parts)


def _band_label(library: FormLibrary, form_id: str, rule_id: str, band_id: str | None) -> str:
    form = library.forms.get(form_id)
    if form is None or band_id is None:
        return band_id or ""
    try:
        rule = form.score_rule(rule_id)
    except KeyError:
        return band_id
    band = rule.band(band_id)
    return band.label.en if band is not None else band_id


class QueueTableModel(QAbstractTableModel):
    """Rows of queue entries (as the store returns them), in the store's order."""

    def __init__(self, library: FormLibrary) -> None:
        super().__init__()
        self._library = library
        self._all: list[Any] = []
        self._entries: list[Any] = []
        self._category: str | None = None

    def set_entries(self, entries: list[Any]) -> None:
        self.beginResetModel()
        self._all = list(entries)
        self._entries = [e for e in self._all
                         if self._category is None or any(f.category == self._category for f in e.flags)]
        self.endResetModel()

    def set_category(self, category: str | None) -> None:
        """Show only visits with a flag of ``category`` (e.g. ``infusion`` holds); None: all."""
        self._category = category
        self.set_entries(self._all)

    def entry(self, row: int) -> Any:
        return self._entries[row]

    def row_of(self, submission_id: object) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.id == submission_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == FLAGS:
            return "\n".join(f"{SEVERITY_TEXT.get(f.severity) or f.severity}: {f.message}" for f in entry.flags) or None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DONE:
            return "\n".join(entry.handling.sentence(step) for step in Step)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (PATIENT, SCORES):  # Scores may be hidden
            return self._text(entry, SCORES) or None
        if role == Qt.ItemDataRole.BackgroundRole and entry.severity in SEVERITY_BRUSH:
            return QBrush(SEVERITY_BRUSH[entry.severity])
        if role == Qt.ItemDataRole.FontRole and entry.severity == "critical":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, entry: Any, column: int) -> str:
        if column == 0:
            return SEVERITY_TEXT.get(entry.severity, "")
        if column == 1:
            return str(entry.created_at.astimezone().strftime("%H:%M"))
        if column == PATIENT:
            return f"{entry.patient.legal_name}\n{entry.patient.date_of_birth.isoformat()}"
        if column == SCORES:
            return scores_text(self._library, entry.scores)
        if column == FLAGS:
            return "; ".join(dict.fromkeys(flag_text(self._library, f) for f in entry.flags))
        return "\n".join(entry.handling.lines())
