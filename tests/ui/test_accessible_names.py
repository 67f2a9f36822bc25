"""Every widget a finger, Tab or a switch reaches has a name a screen reader can say, in the patient's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.store import Store
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.sign_in import SignInPanel
from tests.ui.a11y_audit import name_problems
from tests.ui.finger import Finger
from tests.ui.staff_kiosk import PIN, staff_kiosk, store  # noqa: F401 - fixtures
from tests.ui.test_staff_mode import enter_pin
from tests.ui.visit_robot import each_screen


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_whole_visit_names_every_control(qtbot: QtBot, kiosk: Kiosk, finger: Finger, language: str) -> None:
    window = kiosk.window
    problems = name_problems("slides", window.active(), "en")
    kiosk.flow.start()
    problems += name_problems("language choice", window.active(), "en")  # in both languages there
    finger.tap(window.language.buttons[language])
    window.top_bar.start_over_button.click()
    problems += name_problems("start over card", window.active(), language)
    window.confirm_overlay.rejected.emit()
    kiosk.flow._warn(20)
    problems += name_problems("are you still there card", window.active(), language)
    kiosk.flow.stay()
    for screen in each_screen(finger, kiosk):
        problems += name_problems(screen, window.active(), language)
    qtbot.waitUntil(lambda: window.thank_you.button.isVisible())
    problems += name_problems("thank you", window.active(), language)
    assert not problems, "\n".join(problems)


def test_staff_sign_in_and_queue_on_the_kiosk_name_every_control(qtbot: QtBot, staff_kiosk: Kiosk) -> None:
    assert staff_kiosk.staff is not None
    staff_kiosk.staff.open()
    problems = name_problems("staff sign-in", staff_kiosk.window.active(), "en")
    enter_pin(qtbot, staff_kiosk, PIN)
    qtbot.waitUntil(lambda: staff_kiosk.staff is not None and staff_kiosk.staff.screen.desk is not None)
    problems += name_problems("staff queue", staff_kiosk.window.active(), "en")
    assert not problems, "\n".join(problems)


def test_the_desk_pc_sign_in_names_every_control(qtbot: QtBot, store: Store) -> None:
    from kiosk.staff import PinHasher
    from kiosk.staff.service import StaffService

    staff = StaffService(store, PinHasher(store.pepper()), source="desk")
    staff.add("Ana Díaz", PIN)
    panel = SignInPanel(staff)
    qtbot.addWidget(panel)
    panel.reload()
    panel.show()
    qtbot.waitExposed(panel)
    roots: list[QWidget] = [panel]
    assert not name_problems("desk sign-in", roots, "en")
