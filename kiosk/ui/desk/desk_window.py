"""The front-desk window: today's queue (live), the selected visit, and the staff actions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol
from uuid import UUID

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.forms import FormLibrary
from kiosk.intake import Submission
from kiosk.ui.background import BackgroundOp
from kiosk.ui.desk.detail_view import DetailView
from kiosk.ui.desk.poller import QueuePoller
from kiosk.ui.desk.queue_model import QueueTableModel


class DeskActions(Protocol):
    """What the desk may do, each audit-logged with the signed-in staff member (kiosk.ui.desk.actions)."""

    def queue(self) -> list[Any]: ...
    def open(self, submission_id: UUID) -> Submission: ...
    def mark_reviewed(self, submission_id: UUID) -> None: ...
    def print_summary(self, submission_id: UUID) -> str: ...
    def export(self, submission_id: UUID, fmt: str) -> str: ...
    def search(self, legal_name: str, date_of_birth: dt.date) -> list[Submission]: ...


class DeskWindow(QMainWindow):
    """A normal window for the front-desk computer over the shared store."""

    def __init__(self, actions: DeskActions, library: FormLibrary, poll_ms: int = 1000) -> None:
        super().__init__()
        self.setWindowTitle("Lobby Kiosk — front desk")
        self.setObjectName("DeskWindow")
        self._actions = actions
        self._selected: UUID | None = None
        self.alert = QLabel("")
        self.alert.setObjectName("DeskAlert")
        self.alert.setVisible(False)
        self.status = QLabel("")
        self.status.setObjectName("DeskStatus")
        self.message = QLabel("")  # outcome of the last action; the poll never overwrites it
        self.message.setObjectName("DeskMessage")
        self.model = QueueTableModel(library)
        self.table = QTableView()
        self.table.setObjectName("DeskQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = DetailView(library)
        self.buttons = {
            name: self._button(name, slot)
            for name, slot in (
                ("Mark reviewed", self._mark_reviewed),
                ("Print", self._print),
                ("Export PDF", lambda: self._export("pdf")),
                ("Export FHIR", lambda: self._export("fhir")),
            )
        }
        self.search_name = QLineEdit()
        self.search_name.setPlaceholderText("Legal name")
        self.search_dob = QLineEdit()
        self.search_dob.setPlaceholderText("Date of birth YYYY-MM-DD")
        self.search_button = self._button("Search history", self._search)
        self._layout(self.search_button)
        self.poller = QueuePoller(actions.queue, poll_ms)
        self.poller.updated.connect(self._show_entries)
        self.poller.new_critical.connect(self._raise_alert)
        self.poller.failed.connect(self.status.setText)
        self._set_enabled(False)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(40)
        button.clicked.connect(slot)
        return button

    def _layout(self, search: QPushButton) -> None:
        actions = QHBoxLayout()
        for button in self.buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.search_name)
        actions.addWidget(self.search_dob)
        actions.addWidget(search)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        body = QVBoxLayout()
        body.addWidget(self.alert)
        body.addLayout(actions)
        body.addWidget(splitter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.status)
        body.addLayout(footer)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

    def start(self) -> None:
        self.poller.start()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.poller.stop()
        super().closeEvent(event)

    def _set_enabled(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)

    def _show_entries(self, entries: list[Any]) -> None:
        self.model.set_entries(entries)
        if self._selected is not None:
            row = self.model.row_of(self._selected)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
        self.status.setText(f"{len(entries)} check-in(s) today · updated {dt.datetime.now():%H:%M:%S}")

    def _raise_alert(self, entry: Any) -> None:
        when = entry.created_at.astimezone().strftime("%H:%M")
        self.alert.setText(f"⚠ CRITICAL: a new check-in at {when} needs attention now — {entry.patient.legal_name}")
        self.alert.setVisible(True)
        QApplicationBeep()

    def _selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        if not rows:
            return
        entry = self.model.entry(rows.pop())
        self._selected = entry.id
        self._set_enabled(True)
        self._run(lambda: self._actions.open(entry.id), self.detail.show_submission)

    def _run(self, fn: Any, done: Any) -> None:
        BackgroundOp(fn, done, lambda exc: self.message.setText(f"Could not complete: {exc}")).start()

    def _mark_reviewed(self) -> None:
        if self._selected is not None:
            sid = self._selected
            self._run(lambda: self._actions.mark_reviewed(sid), lambda _: self._after("Marked reviewed"))

    def _print(self) -> None:
        if self._selected is not None:
            sid = self._selected
            self._run(lambda: self._actions.print_summary(sid), self._after)

    def _export(self, fmt: str) -> None:
        if self._selected is not None:
            sid = self._selected
            self._run(lambda: self._actions.export(sid, fmt), lambda path: self._after(f"Exported to {path}"))

    def _after(self, message: str) -> None:
        self.message.setText(message)
        self.poller.poll()

    def _search(self) -> None:
        try:
            born = dt.date.fromisoformat(self.search_dob.text().strip())
        except ValueError:
            self.message.setText("Enter the date of birth as YYYY-MM-DD to search.")
            return
        name = self.search_name.text()
        self._run(lambda: self._actions.search(name, born), self._show_history)

    def _show_history(self, found: list[Submission]) -> None:
        self.message.setText(f"{len(found)} visit(s) found")
        self.detail.show_history(found)


def QApplicationBeep() -> None:  # noqa: N802 - mirrors QApplication.beep
    from PySide6.QtWidgets import QApplication

    QApplication.beep()
