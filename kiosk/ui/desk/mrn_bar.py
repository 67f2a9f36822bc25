"""The detail pane's MRN field: staff add or correct the selected visit's medical record number.

A kiosk visit has no MRN (patients are not asked for one); the desk, which can look it up in
the EHR, gives it, so the visit joins the patient's EHR-linked history and its FHIR export
carries the MRN. Saving runs off the UI thread through ``actions.set_mrn`` (audited in the
store as set, changed or cleared, never the number); a refusal says why, never the value.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.intake import AnsweredVisit
from kiosk.limits import MRN_MAX_CHARS
from kiosk.ui.background import BackgroundOp


class MrnBar(QWidget):
    """``MRN [field] [Save MRN] status`` above the visit shown; hidden when none is, or when the
    desk's actions cannot change an MRN."""

    def __init__(self, actions: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeskMrnBar")
        self._set: Callable[[uuid.UUID, str], str] | None = getattr(actions, "set_mrn", None)
        self._shown: uuid.UUID | None = None
        self.field = QLineEdit()
        self.field.setObjectName("DeskMrnField")
        self.field.setPlaceholderText("MRN")
        self.field.setMaxLength(MRN_MAX_CHARS)
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("0" * 16))  # a typical MRN whole
        self.field.setAccessibleName("Medical record number of this visit")
        self.save = QPushButton("Save MRN")
        self.save.setObjectName("DeskMrnSave")
        self.status = QLabel()
        self.status.setObjectName("DeskMrnStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("MRN"))
        layout.addWidget(self.field)
        layout.addWidget(self.save)
        layout.addWidget(self.status, 1)
        self.save.clicked.connect(self._save)
        self.field.returnPressed.connect(self._save)
        self.show_visit(None)

    def show_visit(self, visit: AnsweredVisit | None) -> None:
        """The MRN of ``visit`` (empty when it has none); nothing to edit without a visit."""
        self._shown = visit.submission.id if visit is not None else None
        self.field.setText((visit.submission.patient.mrn or "") if visit is not None else "")
        self.status.clear()
        self.setVisible(visit is not None and self._set is not None)  # hidden, not greyed: nothing to edit

    def _save(self) -> None:
        change, shown, typed = self._set, self._shown, self.field.text()
        if change is None or shown is None:
            return
        self.save.setEnabled(False)

        def done(message: str) -> None:
            self.save.setEnabled(True)
            if shown == self._shown:  # not a late answer for a visit no longer selected
                self.status.setText(message)

        def failed(exc: Exception) -> None:
            self.save.setEnabled(True)
            self.status.setText(f"MRN not saved: {exc}")

        BackgroundOp(lambda: change(shown, typed), done, failed).start()
