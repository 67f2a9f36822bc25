"""Staff mode wiring on the kiosk window: gesture in, 2-minute idle out, close only by staff."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.ui.flow import IntakeFlow
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.staff.gesture import HOLD_MS, CornerHold
from kiosk.ui.staff.staff_mode import StaffBackend, StaffModeScreen

BackendFactory = Callable[[], StaffBackend]


class StaffModeController(QObject):
    """The only way to staff screens: corner hold, then a correct PIN."""

    def __init__(
        self, window: KioskWindow, flow: IntakeFlow, backend: BackendFactory, *,
        hold_ms: int = HOLD_MS, idle_seconds: float = 120,
    ) -> None:
        super().__init__(window)
        self.window, self.flow, self._backend = window, flow, backend
        self.screen = StaffModeScreen()
        window.stack.addWidget(self.screen)
        self.gesture = CornerHold(window, hold_ms)
        self.gesture.triggered.connect(self.open)
        self.idle = IdleWatcher(idle_seconds, 1, self)
        self.idle.expired.connect(self.leave)
        self.screen.leave.connect(self.leave)
        self.screen.close_app.connect(self.close_app)

    @property
    def active(self) -> bool:
        return self.window.current_screen() is self.screen

    def open(self) -> None:
        """Wipe any visit in progress (nothing of a patient under staff screens), then sign-in."""
        if self.active:
            return
        self.flow.wipe()
        try:
            backend, why = self._backend(), None
        except Exception as exc:  # noqa: BLE001 - shown as a line to staff, never a traceback
            backend, why = None, str(exc) or type(exc).__name__
        self.screen.begin(backend, why)
        self.window.show_screen(self.screen)
        self.window.top_bar.setVisible(False)
        self.idle.start()

    def leave(self) -> None:
        """Sign out and return to the slides."""
        self.idle.stop()
        self.screen.end()
        if self.active:
            self.window.show_screen(self.window.attract)

    def close_app(self) -> None:
        """Only reachable from a signed-in staff screen."""
        if self.screen.member is None:
            return
        self.idle.stop()
        self.screen.end()
        self.window.unlock()
        self.window.close()
