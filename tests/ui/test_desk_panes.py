"""Issue #15: the visit's detail beside the queue, at least half the width at desk sizes, and the
split staff drag kept for the session (the next sign-in's window opens where they left it)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.staff.service import StaffMember
from kiosk.store import Store
from kiosk.ui.desk.actions import StoreDeskActions
from kiosk.ui.desk.desk_window import DeskWindow
from kiosk.ui.desk.panes import PaneMemory
from kiosk.ui.theme import clinic_theme, desk_stylesheet
from tests.ui.test_desk import add, member, settings, store  # noqa: F401 - fixtures


def desk(qtbot: Any, store: Store, library: FormLibrary, settings: Settings, member: StaffMember,  # noqa: F811
         size: tuple[int, int], panes: PaneMemory) -> DeskWindow:
    window = DeskWindow(StoreDeskActions(store, library, settings, member), library, touch=False, panes=panes)
    window.setStyleSheet(desk_stylesheet(clinic_theme(settings.accent_color)))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    return window


def drag_handle(qtbot: Any, window: DeskWindow, to_x: int) -> None:
    """Press on the split handle and move it to ``to_x`` (splitter coordinates), as a mouse does."""
    handle = window.splitter.handle(1)
    start = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    target = handle.mapFromParent(QPoint(to_x, handle.y() + start.y()))
    qtbot.mouseMove(handle, target)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=target)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_detail_has_half_the_width_and_the_queue_fits_beside_it(
    qtbot: Any, store: Store, library: FormLibrary, settings: Settings, member: StaffMember,  # noqa: F811
    size: tuple[int, int],
) -> None:
    add(store, library, "Maximiliana Esperanza Gutiérrez-Villanueva de la Cruz", 1, total=20, q9=3)
    window = desk(qtbot, store, library, settings, member, size, PaneMemory())
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    queue, detail = window.splitter.sizes()
    assert detail >= queue and window.detail.x() > window.table.x()  # side by side, detail on the right
    assert window.detail.height() >= window.table.height() > size[1] // 3
    header = window.table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(window.model.columnCount())) <= window.table.viewport().width()
    assert window.table.horizontalScrollBar().maximum() == 0


def test_the_split_is_dragged_kept_for_the_next_sign_in_and_never_under_half(
    qtbot: Any, store: Store, library: FormLibrary, settings: Settings, member: StaffMember,  # noqa: F811
) -> None:
    panes = PaneMemory()
    first = desk(qtbot, store, library, settings, member, (1366, 768), panes)
    total = sum(first.splitter.sizes())
    drag_handle(qtbot, first, round(total * 0.3))  # a wider detail pane
    queue, detail = first.splitter.sizes()
    assert abs(queue - total * 0.3) < 20, (queue, detail)
    first.close()
    second = desk(qtbot, store, library, settings, member, (1366, 768), panes)
    assert abs(second.splitter.sizes()[0] - queue) < 5  # where they left it, not the default
    drag_handle(qtbot, second, round(total * 0.8))  # would leave the detail a fifth
    queue, detail = second.splitter.sizes()
    assert detail >= queue and detail - queue < 5
    fresh = desk(qtbot, store, library, settings, member, (1366, 768), PaneMemory())
    assert fresh.splitter.sizes()[1] > fresh.splitter.sizes()[0]  # another session starts from the default
