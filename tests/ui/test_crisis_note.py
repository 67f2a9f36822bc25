"""Only crisis (suicide-risk) flags show the patient the calm note; a licensed form shows its
notice. A real kiosk over the bundled ASQ, C-SSRS (licensed) and safety screen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary, ItemType, load_library
from kiosk.forms.rules import ClinicRules
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import StoreUnavailable
from kiosk.ui.app import Kiosk, build_kiosk
from tests.ui.conftest import NOW, Outbox
from tests.ui.finger import Finger
from tests.ui.test_visit import start


@pytest.fixture
def crisis_kiosk(qtbot: QtBot, tmp_path: Path, outbox: Outbox) -> Iterator[Kiosk]:
    forms = tmp_path / "forms"
    shutil.copytree(BUNDLED_FORMS, forms)
    (forms / "protocols" / "screens.yaml").write_text(
        "id: screens\ntitle: {en: Screens, es: Pruebas}\nforms: [asq, cssrs, safety]\n", encoding="utf-8")
    library: FormLibrary = load_library(forms, ClinicRules(licensed_forms=frozenset({"cssrs"})))
    settings = Settings(data_dir=tmp_path / "data", protocol="screens", id="lobby-1")
    built = build_kiosk(settings, library, outbox, spooled_errors=(StoreUnavailable,),
                        clock=lambda: NOW, auto_advance_ms=10)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.flow.idle.stop()
    built.window.unlock()


def test_notes_for_crisis_flags_only_and_the_columbia_notice(qtbot: QtBot, crisis_kiosk: Kiosk) -> None:
    kiosk, finger = crisis_kiosk, Finger(qtbot, crisis_kiosk)
    window = kiosk.window
    start(finger, kiosk, "en")
    assert not window.question.notice.isVisible()  # the ASQ is public domain: no notice
    finger.answer(ItemType.single_choice, "declined")  # a refusal counts as yes: crisis warning
    assert window.current_screen() is window.critical
    finger.tap(window.critical.button)
    for _ in range(3):
        finger.answer(ItemType.single_choice, "no")
    finger.answer(ItemType.yes_no, True)  # acute positive: the note is not repeated for the form
    assert window.current_screen() is window.question
    session = kiosk.flow.session
    assert session is not None and session.step.form_id == "cssrs"
    assert window.question.notice.isVisible()
    assert "© 2008 The Research Foundation for Mental Hygiene" in window.question.notice.text()
    finger.answer(ItemType.yes_no, False)
    finger.answer(ItemType.yes_no, False)
    finger.answer(ItemType.yes_no, False)
    assert session.step.form_id == "safety" and not window.question.notice.isVisible()
    finger.answer(ItemType.single_choice, "no")
    assert session.step.item_id == "ketamine_reaction"
    finger.answer(ItemType.yes_no, True)  # a critical infusion flag: for staff, no patient note
    assert window.current_screen() is window.question
    assert session.step.item_id == "high_blood_pressure"
