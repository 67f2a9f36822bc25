"""The front-desk window over a real store: live queue, order, detail, actions, sign-in."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.forms import FormLibrary
from kiosk.intake import Handling, build_submission
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffMember, StaffService
from kiosk.store import Store
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from kiosk.ui.desk.queue_model import DONE, FLAGS
from kiosk.ui.staff.sign_in import SignInPanel
from tests.staff.conftest import audit_actions

ROOT = Path(__file__).resolve().parents[2]


def phq9(total: int, q9: int = 0) -> dict[str, int]:
    answers = {f"q{i}": 0 for i in range(1, 10)} | {"q9": q9}
    left = total - q9
    for i in range(1, 9):
        answers[f"q{i}"] = min(3, left)
        left -= answers[f"q{i}"]
    return answers


def visit(name: str, total: int = 3, q9: int = 0) -> dict[str, Any]:
    return {"patient": {"legal_name": name, "date_of_birth": "1980-04-02"}, "language": "en",
            "responses": {"phq9": phq9(total, q9)}}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", export_dir=tmp_path / "exports")


@pytest.fixture
def store(settings: Settings) -> Any:
    with Store.open(settings) as opened:
        yield opened


@pytest.fixture
def member(store: Store) -> StaffMember:
    service = StaffService(store, PinHasher(store.pepper()))
    service.add("Ana Díaz", "482913")
    return service.sign_in("Ana Díaz", "482913")


def add(store: Store, library: FormLibrary, name: str, minutes_ago: int, **kw: Any) -> Any:
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)
    sub = build_submission(library, visit(name, **kw), kiosk_id="lobby-1", now=now)
    store.add(sub)
    return sub


@pytest.fixture
def window(qtbot: Any, store: Store, library: FormLibrary, settings: Settings, member: StaffMember) -> DeskWindow:
    win = DeskWindow(StoreDeskActions(store, library, settings, member), library)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.start()
    return win


def names(win: DeskWindow) -> list[str]:
    return [win.model.entry(r).patient.legal_name for r in range(win.model.rowCount())]


def test_queue_critical_first_then_newest(qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow) -> None:
    add(store, library, "Old Calm", 30)
    add(store, library, "New Calm", 5)
    add(store, library, "Old Critical", 40, total=5, q9=1)
    add(store, library, "New Critical", 10, total=5, q9=2)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=3000)
    assert names(window) == ["New Critical", "Old Critical", "New Calm", "Old Calm"]
    assert window.model.index(0, 0).data() == "CRITICAL"  # words, not colour alone


def test_separate_process_submission_appears_within_two_seconds(
    qtbot: Any, settings: Settings, window: DeskWindow
) -> None:
    qtbot.waitUntil(lambda: window.status.text() != "", timeout=3000)
    env = {**os.environ, "KIOSK_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "submit", "--visit", "-"], input=json.dumps(visit("Zoë Núñez", 6, 1)),
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )
    stored_at = time.monotonic()
    qtbot.waitUntil(lambda: "Zoë Núñez" in names(window), timeout=2000)
    assert time.monotonic() - stored_at < 2.0
    assert done.stdout.strip() == str(window.model.entry(0).id)
    assert window.alert.isVisible() and "CRITICAL" in window.alert.text()


def test_select_shows_every_answer_and_mark_reviewed_audits(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow, member: StaffMember
) -> None:
    sub = add(store, library, "Quinn Park", 1, total=12)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "Quinn Park" in window.detail.toPlainText(), timeout=3000)
    text = window.detail.toPlainText()
    assert "Little interest or pleasure in doing things" in text and "Nearly every day" in text
    assert "PHQ-9 12 Moderate depression" in text
    qtbot.waitUntil(lambda: window.buttons["Mark reviewed"].isEnabled(), timeout=3000)
    qtbot.mouseClick(window.buttons["Mark reviewed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.index(0, DONE).data().startswith("Reviewed"), timeout=3000)
    reviewed = store.get(sub.id, actor="test").handling.reviewed
    actor = f"staff:{member.id}"
    assert reviewed is not None and reviewed.by == actor and reviewed.at is not None
    assert window.model.index(0, DONE).data() == f"Reviewed {reviewed.when()}"
    assert not window.buttons["Mark reviewed"].isEnabled()  # a review is made once
    actions = audit_actions(store)
    assert (actor, "queue.view") in actions and (actor, "review") in actions


def sign_in_panel(qtbot: Any, store: Store) -> SignInPanel:
    """A sign-in panel over the real store with one account (Ana Díaz, PIN 482913) chosen."""
    service = StaffService(store, PinHasher(store.pepper()))
    service.add("Ana Díaz", "482913")
    panel = SignInPanel(service)
    qtbot.addWidget(panel)
    panel.reload()
    panel.show()
    panel.names.setCurrentRow(0)
    return panel


def tap_pin(qtbot: Any, panel: SignInPanel, pin: str) -> None:
    for key in [*pin, "OK"]:
        qtbot.mouseClick(panel.pad.keys[key], Qt.MouseButton.LeftButton)


def test_sign_in_panel_by_taps(qtbot: Any, store: Store) -> None:
    panel = sign_in_panel(qtbot, store)
    tap_pin(qtbot, panel, "000000")
    qtbot.waitUntil(lambda: "do not match" in panel.message.text(), timeout=5000)
    assert "0" not in panel.pad.display.text()
    with qtbot.waitSignal(panel.signed_in, timeout=5000) as signed:
        for digit in "482913":
            qtbot.mouseClick(panel.pad.keys[digit], Qt.MouseButton.LeftButton)
        assert panel.pad.display.text() == "●" * 6
        qtbot.mouseClick(panel.pad.keys["OK"], Qt.MouseButton.LeftButton)
    assert signed.args[0].name == "Ana Díaz"


def select_and_tap(qtbot: Any, window: DeskWindow, button: str) -> None:
    """Pick the only visit in the queue, then tap ``button`` once it is enabled."""
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.buttons[button].isEnabled(), timeout=3000)
    qtbot.mouseClick(window.buttons[button], Qt.MouseButton.LeftButton)


def test_export_pdf_and_fhir_from_the_desk(
    qtbot: Any, store: Store, library: FormLibrary, settings: Settings, window: DeskWindow
) -> None:
    sub = add(store, library, "Zoë Núñez", 1, total=7)
    select_and_tap(qtbot, window, "Export PDF")
    qtbot.waitUntil(lambda: "Exported to" in window.message.text(), timeout=10000)
    qtbot.mouseClick(window.buttons["Export FHIR"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ".json" in window.message.text(), timeout=10000)
    files = sorted(p.name for p in settings.export_dir.iterdir())  # type: ignore[union-attr]
    assert [f.rsplit(".", 1)[1] for f in files] == ["json", "pdf"]
    assert all("Zo" not in f for f in files)
    assert all((settings.export_dir / f).stat().st_mode & 0o777 == 0o600 for f in files)  # type: ignore[operator]
    handling = store.get(sub.id, actor="test").handling
    assert handling.exported is not None and handling.reviewed is None  # exporting is not reviewing
    assert [a for _, a in audit_actions(store)].count("export") == 2


def test_export_after_review_keeps_the_review_and_the_queue_shows_both(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow, member: StaffMember
) -> None:
    """Issue #15: exporting turned "reviewed" into "exported" and left Mark reviewed on."""
    sub = add(store, library, "Quinn Park", 1, total=12)
    select_and_tap(qtbot, window, "Mark reviewed")
    qtbot.waitUntil(lambda: window.model.index(0, DONE).data().startswith("Reviewed"), timeout=5000)
    reviewed = store.get(sub.id, actor="test").handling.reviewed
    assert reviewed is not None
    qtbot.mouseClick(window.buttons["Export PDF"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Exported" in window.model.index(0, DONE).data(), timeout=10000)
    handling = store.get(sub.id, actor="test").handling
    assert handling.reviewed == reviewed and handling.exported is not None and handling.printed is None
    assert handling.exported.by == f"staff:{member.id}"
    assert window.model.index(0, DONE).data() == f"Reviewed {reviewed.when()}\nExported {handling.exported.when()}"
    assert window.model.index(0, DONE).data(Qt.ItemDataRole.ToolTipRole) == (
        f"Reviewed by staff:{member.id} at {reviewed.when()}\nNot printed\n"
        f"Exported by staff:{member.id} at {handling.exported.when()}")
    window.table.clearSelection()
    window.table.selectRow(0)  # chosen again: still reviewed, so still no Mark reviewed
    qtbot.waitUntil(lambda: "Exported by" in window.detail.toPlainText(), timeout=5000)
    assert window.buttons["Export PDF"].isEnabled() and not window.buttons["Mark reviewed"].isEnabled()
    assert f"Reviewed by staff:{member.id}" in window.detail.toPlainText()


def test_print_without_printer_says_so_and_keeps_the_visit(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    sub = add(store, library, "Quinn Park", 1)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.buttons["Print"].isEnabled(), timeout=3000)
    qtbot.mouseClick(window.buttons["Print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Could not complete" in window.message.text(), timeout=10000)
    assert "printer" in window.message.text().lower()
    assert store.get(sub.id, actor="test").handling == Handling()
    assert "print.failed" in [a for _, a in audit_actions(store)]


def test_search_history_by_name_and_date_of_birth(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    add(store, library, "Zoë Núñez", 60 * 24 * 30, total=20)  # a month ago
    add(store, library, "Zoë Núñez", 1, total=4)
    add(store, library, "Someone Else", 2)
    window.search_name.setText("zoë  núñez")  # QTest cannot type non-ASCII keys
    qtbot.keyClicks(window.search_dob, "1980-04-02")
    qtbot.mouseClick(window.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 visit(s)" in window.detail.toPlainText(), timeout=5000)
    text = window.detail.toPlainText()
    assert "Someone Else" not in text
    assert text.index("PHQ-9 4 Minimal") < text.index("PHQ-9 20 Severe")  # newest first


def test_dismiss_hides_the_critical_alert_until_the_next_one(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    qtbot.waitUntil(lambda: window.status.text() != "", timeout=3000)
    add(store, library, "Zoë Núñez", 0, total=6, q9=1)
    qtbot.waitUntil(window.alert.isVisible, timeout=3000)
    assert window.alert_bar.isVisible() and "Zoë Núñez" in window.alert.text()
    qtbot.mouseClick(window.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.alert.isVisible() and not window.alert_bar.isVisible()
    assert window.model.index(0, 0).data() == "CRITICAL"  # the row still says so
    add(store, library, "Quinn Park", 0, total=8, q9=2)
    qtbot.waitUntil(window.alert.isVisible, timeout=3000)
    assert "Quinn Park" in window.alert.text()


def test_queue_fits_the_window_with_short_flags_and_a_hint_before_selection(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    add(store, library, "Maximiliana Esperanza Gutiérrez-Villanueva de la Cruz", 1, total=20, q9=3)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    assert window.model.index(0, FLAGS).data() == "PHQ-9 item 9 positive"
    assert "Assess suicide risk" in window.model.index(0, FLAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert window.model.index(0, DONE).data() == "Not reviewed"
    header = window.table.horizontalHeader()
    widths = sum(header.sectionSize(c) for c in range(window.model.columnCount()))
    assert widths <= window.table.viewport().width()
    assert window.table.horizontalScrollBar().maximum() == 0
    assert window.detail.toPlainText() == "" and "Select a check-in" in window.detail.placeholderText()
    assert min(window.buttons["Print"].height(), window.search_button.height()) >= 60  # a finger on the kiosk
    assert window.search_name.width() >= 250 and window.search_dob.width() >= 250


def test_desk_app_styles_its_window_from_the_clinic_theme(qtbot: Any, store: Store, settings: Settings, member: StaffMember) -> None:
    from kiosk.ui.desk.app import DeskApp

    desk = DeskApp(settings.model_copy(update={"accent_color": "#2a7a5a"}), store)
    qtbot.addWidget(desk.sign_in)
    desk._open_desk(member)
    assert desk.window is not None
    qtbot.addWidget(desk.window)
    desk.window.poller.stop()
    sheet = desk.window.styleSheet()
    assert "#2a7a5a" in sheet and "{{" not in sheet and "#DeskAlertBar" in sheet
    assert desk.window.buttons["Print"].height() < 60  # mouse-sized on the desk PC
    assert "#2a7a5a" in desk.sign_in.styleSheet()


def test_five_wrong_pins_on_the_pad_lock_the_account(qtbot: Any, store: Store) -> None:
    panel = sign_in_panel(qtbot, store)
    for _attempt in range(5):
        tap_pin(qtbot, panel, "000000")
        qtbot.waitUntil(lambda: panel.pad.isEnabled() and panel.message.text() != "Checking…", timeout=5000)
    assert "locked for 5 more minute" in panel.message.text()
    tap_pin(qtbot, panel, "482913")  # the right PIN is refused while locked
    qtbot.waitUntil(lambda: panel.pad.isEnabled() and panel.message.text() != "Checking…", timeout=5000)
    assert "locked" in panel.message.text()
    assert [a for _, a in audit_actions(store)].count("staff.login_failed") == 5


def test_opening_a_visit_is_audited_with_the_staff_member(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow, member: StaffMember
) -> None:
    add(store, library, "Quinn Park", 1)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "Quinn Park" in window.detail.toPlainText(), timeout=3000)
    assert any(actor == f"staff:{member.id}" and action.startswith("read") for actor, action in audit_actions(store))


def _add_responses(store: Store, library: FormLibrary, name: str, minutes_ago: int,
                   responses: dict[str, Any]) -> None:
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)
    raw = {"patient": {"legal_name": name, "date_of_birth": "1980-04-02"}, "language": "en",
           "responses": responses}
    store.add(build_submission(library, raw, kiosk_id="lobby-1", now=now))


def test_infusion_holds_filter_by_a_tap(qtbot: Any, store: Store, library: FormLibrary,
                                        window: DeskWindow) -> None:
    from tests.forms.test_safety import CLEAR

    add(store, library, "Calm Only", 3)
    add(store, library, "Crisis Only", 2, total=5, q9=1)
    _add_responses(store, library, "Needs Ride", 1, {"safety": CLEAR | {"driver_arranged": False}})
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=3000)
    assert window.holds_button.height() >= 60 and window.holds_button.text() == "Infusion holds only"
    qtbot.mouseClick(window.holds_button, Qt.MouseButton.LeftButton)
    assert names(window) == ["Needs Ride"]
    window.poller.poll()  # the live poll keeps the filter
    qtbot.wait(300)
    assert names(window) == ["Needs Ride"]
    qtbot.mouseClick(window.holds_button, Qt.MouseButton.LeftButton)
    assert sorted(names(window)) == ["Calm Only", "Crisis Only", "Needs Ride"]


def test_a_crisis_warning_alerts_the_desk_and_the_detail_groups_flags(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    qtbot.waitUntil(lambda: window.status.text() != "", timeout=3000)
    asq = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": False}  # non-acute: a warning
    _add_responses(store, library, "Rae Ortiz", 0, {"asq": asq, "phq9": phq9(3)})
    qtbot.waitUntil(window.alert.isVisible, timeout=3000)
    assert "SUICIDE RISK" in window.alert.text() and "Rae Ortiz" in window.alert.text()
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: "Needs attention" in window.detail.toPlainText(), timeout=3000)
    assert "Crisis — suicide risk" in window.detail.toPlainText()


def test_an_infusion_warning_alone_does_not_sound_the_alert(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    from tests.forms.test_safety import CLEAR

    qtbot.waitUntil(lambda: window.status.text() != "", timeout=3000)
    _add_responses(store, library, "Sam Lee", 0, {"safety": CLEAR | {"glaucoma": True}})
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    qtbot.wait(300)
    assert not window.alert.isVisible()


def test_the_holds_toggle_looks_on_when_on(qtbot: Any, window: DeskWindow) -> None:
    before = window.holds_button.grab().toImage()
    qtbot.mouseClick(window.holds_button, Qt.MouseButton.LeftButton)
    assert window.holds_button.isChecked()
    assert window.holds_button.grab().toImage() != before  # drawn differently, not only a state


def test_an_alert_moves_no_button(qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow) -> None:
    qtbot.waitUntil(lambda: window.status.text() != "", timeout=3000)
    buttons = [*window.buttons.values(), window.search_button]
    before = [b.mapTo(window, b.rect().topLeft()) for b in buttons]
    add(store, library, "Zoë Núñez", 0, total=6, q9=1)
    qtbot.waitUntil(window.alert.isVisible, timeout=3000)
    qtbot.wait(50)  # the layout has settled
    assert [b.mapTo(window, b.rect().topLeft()) for b in buttons] == before


def test_a_sub_score_named_after_its_form_says_the_name_once(library: FormLibrary) -> None:
    from kiosk.ui.desk.queue_model import scores_text

    text = scores_text(library, {"audit": {"total": {"value": 18, "band": None},
                                           "audit_c": {"value": 5, "band": None}}})
    assert text == "AUDIT 18 · AUDIT-C 5"


def test_a_visit_that_cannot_be_decrypted_is_named_not_hidden(
    qtbot: Any, store: Store, library: FormLibrary, window: DeskWindow
) -> None:
    """Issue 13: the desk showed the readable visits and silently dropped a damaged one (the CLI
    queue named it). A critical visit whose row was damaged must still reach staff's eyes."""
    from tests.store.test_unreadable import _flip_a_byte

    add(store, library, "Ana Calm", 20)
    damaged = add(store, library, "Bo Critical", 10, total=5, q9=2)
    _flip_a_byte(store, damaged.id)
    window.poller.poll()
    qtbot.waitUntil(lambda: "cannot be read" in window.status.text(), timeout=5000)
    assert names(window) == ["Ana Calm"]
    status = window.status.text()
    assert "1 visit(s) cannot be read" in status and "CRITICAL" in status and str(damaged.id)[:8] in status
    assert "Bo Critical" not in status and "kiosk doctor" in status
