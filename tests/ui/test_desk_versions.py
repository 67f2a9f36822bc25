"""The desk's detail view shows an old visit in the words it was answered in (stored definition)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import Qt

from kiosk.forms import load_library
from kiosk.intake import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import StaffService
from kiosk.store import Store
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow

NEW_QUESTION = "Reworded first question of the second version"


def test_detail_and_history_show_the_words_the_visit_was_answered_in(qtbot: Any, tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(BUNDLED_FORMS, forms)
    settings = Settings(data_dir=tmp_path / "data", forms_dir=forms, key=None, pepper=None, db_url=None)
    before = load_library(forms)
    old_question = before.form("phq9").item("q1").text.en
    visit = {"patient": {"legal_name": "Ines Okafor", "date_of_birth": "1979-05-30"}, "language": "en",
             "responses": {"phq9": {f"q{i}": 1 for i in range(1, 10)}}}
    with Store.open(settings) as store:  # the kiosk, before the clinic edits the form
        store.record_forms(before)
        store.add(build_submission(before, visit, kiosk_id="lobby-1", now=dt.datetime.now(dt.timezone.utc)))

    path = forms / "phq9.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["items"][0]["text"]["en"] = NEW_QUESTION
    data["version"] += "-v2"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    with Store.open(settings) as store:  # the desk, started after the edit
        library = load_library(forms)
        assert library.form("phq9").item("q1").text.en == NEW_QUESTION
        service = StaffService(store, PinHasher(store.pepper()))
        service.add("Ana Díaz", "482913")
        member = service.sign_in("Ana Díaz", "482913")
        window = DeskWindow(StoreDeskActions(store, library, settings, member), library)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
        window.table.selectRow(0)
        qtbot.waitUntil(lambda: "Ines Okafor" in window.detail.toPlainText(), timeout=5000)
        shown = window.detail.toPlainText()
        assert old_question in shown and NEW_QUESTION not in shown
        assert f"sha256 {before.canonical('phq9').short}" in shown

        window.search_name.setText("Ines Okafor")
        qtbot.keyClicks(window.search_dob, "1979-05-30")
        qtbot.mouseClick(window.search_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "History: 1 visit" in window.detail.toPlainText(), timeout=5000)
        assert old_question in window.detail.toPlainText()
        window.poller.stop()
