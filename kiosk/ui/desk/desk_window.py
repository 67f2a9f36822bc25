"""The front-desk window: today's queue (live), the selected visit, and the staff actions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol
from uuid import UUID

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.forms import FormLibrary
from kiosk.intake import AnsweredVisit
from kiosk.report.export import ExportFormat
from kiosk.ui.background import BackgroundOp
from kiosk.ui.desk.history_tab import DetailTabs
from kiosk.ui.desk.escalation_watch import EscalationWatch
from kiosk.ui.desk.fleet_strip import FleetStrip
from kiosk.ui.desk.poller import POLL_MS, QueuePoller
from kiosk.ui.desk.columns import fit_columns, size_columns
from kiosk.ui.desk.panes import PaneMemory, QueueDetailSplitter
from kiosk.ui.desk.queue_model import QueueTableModel
from kiosk.ui.desk.today_tab import install_today_tab
from kiosk.ui.sizes import DESK_ROW, TOUCH_MIN


class DeskActions(Protocol):
    """What the desk may do, each audit-logged with the signed-in staff member (kiosk.ui.desk.actions)."""

    def queue(self) -> list[Any]: ...
    def open(self, submission_id: UUID) -> AnsweredVisit: ...
    def mark_reviewed(self, submission_id: UUID) -> None: ...
    def print_summary(self, submission_id: UUID) -> str: ...
    def export(self, submission_id: UUID, fmt: ExportFormat) -> str: ...
    def search(self, legal_name: str, date_of_birth: dt.date) -> list[AnsweredVisit]: ...


class DeskWindow(QMainWindow):
    """A normal window for the front-desk computer over the shared store."""

    def __init__(self, actions: DeskActions, library: FormLibrary, poll_ms: int = POLL_MS, *, touch: bool = True,
                 panes: PaneMemory | None = None) -> None:
        """``touch``: finger-sized rows and buttons (staff mode on the kiosk); False on the desk PC.
        ``panes``: where earlier desk windows of this session left the queue/detail split."""
        super().__init__()
        self._panes = panes or PaneMemory()
        self._target = TOUCH_MIN if touch else DESK_ROW
        self.setWindowTitle("Lobby Kiosk — front desk")
        self.setObjectName("DeskWindow")
        self._actions = actions
        self._selected: UUID | None = None
        self._columns_sized = False
        self.alert = QLabel("")
        self.alert.setObjectName("DeskAlert")
        self.alert.setWordWrap(True)
        self.alert.setVisible(False)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setObjectName("DeskAlertDismiss")
        self.dismiss_button.setMinimumHeight(self._target)
        self.dismiss_button.clicked.connect(self.dismiss_alert)
        self.alert_bar = self._alert_bar()
        self.status = QLabel("")
        self.status.setObjectName("DeskStatus")
        self.message = QLabel("")  # outcome of the last action; the poll never overwrites it
        self.message.setObjectName("DeskMessage")
        self.model = QueueTableModel(library)
        self.table = QTableView()
        self.table.setObjectName("DeskQueue")
        self.table.setAccessibleName("Check-ins waiting for review")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.table, self._target)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = DetailTabs(actions)  # the visit, and its patient's History tab
        name_detail_tabs(self.detail)
        self.buttons = {
            name: self._button(name, slot, role)
            for name, slot, role in (
                ("Mark reviewed", self._mark_reviewed, "primary"),
                ("Print", self._print, "secondary"),
                ("Export PDF", lambda: self._export("pdf"), "secondary"),
                ("Export FHIR", lambda: self._export("fhir"), "secondary"),
            )
        }
        self.holds_button = self._button("Infusion holds only", self._filter_holds, "secondary")
        self.holds_button.setObjectName("DeskHoldsFilter")
        self.holds_button.setCheckable(True)
        self.holds_button.setToolTip("Show only check-ins with a flag the infusion team must clear before dosing")
        self.search_name = self._field("Patient's legal name", 320)
        self.search_dob = self._field("Date of birth (YYYY-MM-DD)", 300)
        self.search_button = self._button("Search history", self._search, "secondary")
        run_fleet = getattr(actions, "fleet", None)
        self.fleet = FleetStrip(run_fleet) if run_fleet is not None else None
        self._layout(self.search_button)
        self.poller = QueuePoller(actions.queue, poll_ms, watch=getattr(actions, "watcher", None))
        self.poller.updated.connect(self._show_entries)
        self.poller.new_critical.connect(self._raise_alert)
        self.poller.failed.connect(self.status.setText)
        self.today = install_today_tab(self, actions, self.poller.updated)  # the day's figures, beside the queue
        self.escalation: EscalationWatch | None = None
        run_escalations = getattr(actions, "escalations", None)
        if run_escalations is not None:
            self.escalation = EscalationWatch(run_escalations, parent=self)
            self.escalation.escalated.connect(self._raise_escalation)
        self._set_enabled(False)

    def _button(self, text: str, slot: Any, role: str) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("role", role)
        button.setMinimumHeight(self._target)
        button.clicked.connect(slot)
        return button

    def _field(self, placeholder: str, width: int) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName("DeskSearchField")
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(placeholder)  # the hint goes once typing starts; the name stays
        field.setMinimumWidth(width)
        field.setMinimumHeight(self._target - 8)
        field.returnPressed.connect(self._search)
        return field

    def _alert_bar(self) -> QFrame:
        """The alert text beside its Dismiss button, on a red strip (#DeskAlertBar in QSS)."""
        bar = QFrame()
        bar.setObjectName("DeskAlertBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 8, 12, 8)
        row.addWidget(self.alert, 1)
        row.addWidget(self.dismiss_button)
        # hidden, it keeps its room: an alert appearing must not move the buttons under a
        # finger that is about to tap (it pushed them 66 px down)
        policy = bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        bar.setSizePolicy(policy)
        bar.setVisible(False)
        return bar

    def _layout(self, search: QPushButton) -> None:
        actions = QHBoxLayout()
        actions.setSpacing(12)
        for button in self.buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.holds_button)
        finder = QHBoxLayout()  # a row of its own, so the fields have room for their hints
        finder.setSpacing(12)
        heading = QLabel("Earlier visits:")
        heading.setObjectName("DeskSearchLabel")
        finder.addWidget(heading)
        finder.addWidget(self.search_name, 3)
        finder.addWidget(self.search_dob, 2)
        finder.addWidget(search)
        self.splitter = QueueDetailSplitter(self.table, self.detail, self._panes)
        self.splitter.resplit.connect(self._refit_columns)
        body = QVBoxLayout()
        body.setContentsMargins(20, 12, 20, 8)
        body.setSpacing(10)
        body.addWidget(self.alert_bar)
        body.addLayout(actions)
        body.addLayout(finder)
        body.addWidget(self.splitter, 1)
        if self.fleet is not None:
            body.addWidget(self.fleet)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.status)
        body.addLayout(footer)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

    def start(self) -> None:
        self.poller.start()
        if self.fleet is not None:
            self.fleet.start()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self._columns_sized = True  # the stylesheet's font is known only now
        size_columns(self.table)
        super().showEvent(event)

    def _refit_columns(self) -> None:
        """The queue's pane changed width: fit the columns again (a column dragged wider is kept
        until the split or the window changes)."""
        if self._columns_sized:
            size_columns(self.table)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.stop_watching()
        super().closeEvent(event)

    def stop_watching(self) -> None:
        """Stop the queue, escalation and fleet timers (sign-out, close)."""
        self.poller.stop()
        for watcher in (self.escalation, self.fleet):
            if watcher is not None:
                watcher.stop()

    def _set_enabled(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)
        if on:
            self._enable_review()

    def _enable_review(self) -> None:
        """"Mark reviewed" only while the selected visit is unreviewed (here or at another desk)."""
        row = self.model.row_of(self._selected) if self._selected is not None else None
        reviewed = row is not None and self.model.entry(row).handling.reviewed is not None
        self.buttons["Mark reviewed"].setEnabled(row is not None and not reviewed)

    def _show_entries(self, entries: list[Any]) -> None:
        self.model.set_entries(entries)
        self._reselect()
        if self._selected is not None:
            self._enable_review()
        status = f"{len(entries)} check-in(s) today · updated {dt.datetime.now():%H:%M:%S}"
        unreadable = unreadable_note(getattr(self._actions, "unreadable", []))
        self.status.setText(f"{status} · {unreadable}" if unreadable else status)

    def _reselect(self) -> None:
        """Keep the selected visit highlighted after the rows change (poll or filter)."""
        if self._selected is not None:
            row = self.model.row_of(self._selected)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)

    def _filter_holds(self) -> None:
        self.model.set_category("infusion" if self.holds_button.isChecked() else None)
        self._reselect()

    def _raise_alert(self, entry: Any) -> None:
        when = entry.created_at.astimezone().strftime("%H:%M")
        kind = "CRITICAL" if entry.severity == "critical" else "SUICIDE RISK"
        self.alert.setText(f"⚠ {kind}: a new check-in at {when} needs attention now — {entry.patient.legal_name}")
        self.alert.setVisible(True)
        self.alert_bar.setVisible(True)
        QApplicationBeep()

    def _raise_escalation(self, _submission_id: Any, _when: Any, kiosk: str) -> None:
        self.alert.setText(f"⚠ NOT REVIEWED: a critical check-in on {kiosk} has waited past the escalation "
                           "time — open it and mark it reviewed now")
        self.alert.setVisible(True)
        self.alert_bar.setVisible(True)
        QApplicationBeep()

    def dismiss_alert(self) -> None:
        """Staff have seen it; the row stays first in the queue, marked CRITICAL."""
        self.alert_bar.setVisible(False)
        self.alert.setVisible(False)

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
            self.buttons["Mark reviewed"].setEnabled(False)  # once: the poll re-enables it if the write failed
            self._run(lambda: self._actions.mark_reviewed(sid), lambda _: self._after("Marked reviewed"))

    def _print(self) -> None:
        if self._selected is not None:
            sid = self._selected
            self._run(lambda: self._actions.print_summary(sid), self._after)

    def _export(self, fmt: ExportFormat) -> None:
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

    def _show_history(self, found: list[AnsweredVisit]) -> None:
        self.message.setText(f"{len(found)} visit(s) found")
        self.detail.show_history(found)


def unreadable_note(rows: list[Any]) -> str:
    """One line for visits stored today that cannot be decrypted (their content is lost to this
    desk, not their existence): the count, each one's time, severity and short id, and what to run."""
    if not rows:
        return ""
    each = ", ".join(f"{(r.severity or 'no flag').upper()} {r.created_at.astimezone():%H:%M} id {str(r.id)[:8]}"
                     for r in rows)
    return f"⚠ {len(rows)} visit(s) cannot be read ({each}): run kiosk doctor"


def QApplicationBeep() -> None:  # noqa: N802 - mirrors QApplication.beep
    from PySide6.QtWidgets import QApplication

    QApplication.beep()


def name_detail_tabs(tabs: DetailTabs) -> None:
    """What a screen reader says for the detail pane's parts (the tabs, the visit, the linking field)."""
    tabs.setAccessibleName("Selected check-in")
    tabs.tabBar().setAccessibleName("Visit or the patient's history")
    tabs.view.setAccessibleName("Check-in details")
    tabs.history.other.setAccessibleName(tabs.history.other.placeholderText())
