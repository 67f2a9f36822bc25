"""The running kiosk delivers its spool in the background once the database is back."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms import load_library
from kiosk.settings import Settings
from kiosk.ui.app import build_kiosk
from kiosk.ui.delivery import Courier
from kiosk.ui.store_link import NotStored, StoreLink
from tests.fleet.conftest import Outage


def test_courier_delivers_after_the_outage_and_clears_the_staff_line(
    qtbot: QtBot, outage_settings: tuple[Settings, Outage], make_submission: Any
) -> None:
    settings, outage = outage_settings
    link = StoreLink(settings)
    link.open()
    assert link.store is not None
    kiosk = build_kiosk(settings, load_library(settings.forms_dir), link.submit)
    qtbot.addWidget(kiosk.window)
    courier = Courier(kiosk.window, link, look_every_ms=100, pause=lambda failures: 0.2)
    try:
        outage.down(link.store)
        with pytest.raises(NotStored) as refused:
            link.submit(make_submission(name="Offline Patient"))
        assert refused.value.spooled
        courier.soon(0)
        qtbot.waitUntil(lambda: courier.last is not None and courier.last.waiting == 1, timeout=20_000)
        assert "1 check-in(s) saved offline" in kiosk.window.staff_notice.text()
        outage.up()
        qtbot.waitUntil(lambda: courier.last is not None and courier.last.waiting == 0, timeout=20_000)
        assert link.store.count() == 1 and not kiosk.window.staff_notice.isVisibleTo(kiosk.window)
    finally:
        courier._look.stop()
        courier._next.stop()
        qtbot.waitUntil(lambda: not courier.busy, timeout=20_000)
        link.close()
