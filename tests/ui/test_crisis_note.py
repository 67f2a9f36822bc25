"""Only crisis (suicide-risk) flags show the patient the calm note; a licensed form shows its
notice; a long option list scrolls and fits. A real kiosk over the bundled forms."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import ItemType, load_library
from kiosk.forms.rules import ClinicRules
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.ui.app import Kiosk
from tests.ui.conftest import Outbox, shown_kiosk
from tests.ui.finger import Finger
from tests.ui.test_visit import start


def _kiosk_running(qtbot: QtBot, tmp_path: Path, outbox: Outbox, forms: str,
                   rules: ClinicRules | None = None) -> Iterator[Kiosk]:
    """The bundled forms with a protocol ``test`` running ``forms`` (a YAML list)."""
    folder = tmp_path / "forms"
    shutil.copytree(BUNDLED_FORMS, folder)
    (folder / "protocols" / "test.yaml").write_text(
        f"id: test\ntitle: {{en: Test, es: Prueba}}\nforms: {forms}\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", protocol="test", id="lobby-1")
    yield from shown_kiosk(qtbot, settings, load_library(folder, rules), outbox)


@pytest.fixture
def crisis_kiosk(qtbot: QtBot, tmp_path: Path, outbox: Outbox) -> Iterator[Kiosk]:
    yield from _kiosk_running(qtbot, tmp_path, outbox, "[asq, cssrs, safety]",
                              ClinicRules(licensed_forms=frozenset({"cssrs"})))


@pytest.fixture
def safety_kiosk(qtbot: QtBot, tmp_path: Path, outbox: Outbox) -> Iterator[Kiosk]:
    yield from _kiosk_running(qtbot, tmp_path, outbox, "[safety]")


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



def test_the_long_medicine_list_scrolls_to_its_last_options(qtbot: QtBot, safety_kiosk: Kiosk) -> None:
    kiosk, finger = safety_kiosk, Finger(qtbot, safety_kiosk)
    start(finger, kiosk, "es")
    session = kiosk.flow.session
    assert session is not None
    finger.answer(ItemType.single_choice, "no")
    while session.step.item_id != "medications":
        finger.answer(ItemType.yes_no, False)
    finger.tap(kiosk.window.top_bar.size_buttons["A++"])
    widget = kiosk.window.question.input
    assert widget is not None
    screen = kiosk.window.question  # the whole question scrolls under a finger (test_screen_fit)
    for code in ("not_sure", "barbiturate"):  # the last options, below the fold at first
        button = widget.button_for(code)
        finger.tap(button)
        qtbot.waitUntil(button.isChecked, timeout=1000)
        left = button.mapTo(screen, button.rect().topLeft())
        assert button.height() >= 60 and left.x() + button.width() <= screen.width()
    finger.next()
    assert session.answers["safety"]["medications"] == ["barbiturate", "not_sure"]
