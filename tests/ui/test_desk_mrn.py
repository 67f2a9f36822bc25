"""Staff add and correct a visit's MRN in the desk's detail pane, over a real store: typed and
saved like a finger would, audited without the number, the visit then in the MRN's history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kiosk.forms import FormLibrary
from kiosk.store import Store
from kiosk.ui.desk.desk_window import DeskWindow
from tests.staff.conftest import audit_actions
from tests.ui.test_desk import add, member, settings, store, window  # noqa: F401 - a real store, Ana signed in


def _select_first(qtbot: Any, window: DeskWindow, name: str) -> None:
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    row = window.table.visualRect(window.model.index(0, 1)).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.waitUntil(lambda: name in window.detail.toPlainText(), timeout=5000)


def _save(qtbot: Any, window: DeskWindow, typed: str, *, pasted: bool = False) -> str:
    bar = window.detail.mrn
    bar.field.selectAll()
    if pasted:  # as from the EHR's clipboard: characters no key types
        bar.field.insert(typed)
    elif typed:
        qtbot.keyClicks(bar.field, typed)
    else:
        qtbot.keyClick(bar.field, Qt.Key.Key_Delete)
    bar.status.clear()
    qtbot.mouseClick(bar.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.status.text() != "", timeout=5000)
    return bar.status.text()


def test_staff_add_correct_and_clear_a_visits_mrn(qtbot: Any, window: DeskWindow, store: Store,
                                                  library: FormLibrary) -> None:
    visit = add(store, library, "Ines Ortega", 5)
    bar = window.detail.mrn
    assert not bar.isVisible()  # nothing selected
    _select_first(qtbot, window, "Ines Ortega")
    assert bar.isVisible() and bar.field.text() == ""
    assert bar.isVisible() and bar.field.width() >= 60
    assert _save(qtbot, window, "  00 4711 ") == "MRN saved: 00 4711"
    assert store.get(visit.id, actor="t").patient.mrn == "00 4711"
    assert _save(qtbot, window, "00 4712") == "MRN saved: 00 4712"
    assert _save(qtbot, window, "") == "MRN removed"
    assert store.get(visit.id, actor="t").patient.mrn is None
    mrn_entries = [a for _, a in audit_actions(store) if a == "visit.mrn"]
    assert len(mrn_entries) == 3
    with store.engine.connect() as conn:
        details = [r.detail for r in conn.exec_driver_sql(
            "SELECT detail FROM audit_log WHERE action = 'visit.mrn' ORDER BY id")]
    assert details == ["set", "changed", "cleared"]


def test_a_bad_mrn_is_refused_with_the_reason_not_the_value(qtbot: Any, window: DeskWindow, store: Store,
                                                           library: FormLibrary) -> None:
    visit = add(store, library, "Ines Ortega", 5)
    _select_first(qtbot, window, "Ines Ortega")
    assert _save(qtbot, window, "AB\u202e12", pasted=True) == "MRN not saved: MRN contains a text-direction control character"
    assert store.get(visit.id, actor="t").patient.mrn is None
    assert not [a for _, a in audit_actions(store) if a == "visit.mrn"]


def test_the_visit_view_shows_the_mrn(qtbot: Any, window: DeskWindow, store: Store, library: FormLibrary) -> None:
    visit = add(store, library, "Ines Ortega", 5)
    store.set_mrn(visit.id, "77-001", actor="t")
    _select_first(qtbot, window, "Ines Ortega")
    assert "MRN 77-001" in window.detail.toPlainText()
    assert window.detail.mrn.field.text() == "77-001"
