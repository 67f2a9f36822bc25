"""Keyboard and single-switch access to the kiosk window, by key events alone.

Keyboard: Tab / Shift+Tab move the focus (its ring is the QSS ``:focus`` style), Space or
Enter activate the focused button; on the slides, Space or Enter starts a check-in, and
holding either for a second reads the slide aloud instead (the slides' speaker button takes
no focus, as any key there starts a check-in, so a switch or keyboard could not reach it).

Single-switch scanning (a switch device sends Space, a second one or a long press Enter):
Space moves a highlight (the focus ring) to the next target on the screen, Enter chooses
it, and holding Space for a second goes back. A patient turns it on on the language
screen; a clinic with a switch device turns it on for every visit (``switch_access``). It
lasts for one visit: the next patient starts without it.
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.ui.app_events import app_events
from kiosk.ui.widgets.scrolling import scroll_into_view

LONG_PRESS_SECONDS = 1.0
"""Holding Space this long goes back, in scan mode (and reads a slide aloud, on the slides)."""

SCAN_TARGET = "scan_target"
"""Property of a widget (not a button) the scan highlight stops at (the signature pad)."""

GOES_BACK = "goes_back"
"""Property of the button a long press presses: Back, or "No, keep going" on a question card."""

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_WATCHED = frozenset({QFocusEvent, QKeyEvent})
"""The event classes this filter acts on (PySide wraps each event as its exact class)."""
_KEYED = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.PopupFocusReason,
          Qt.FocusReason.ShortcutFocusReason)


@runtime_checkable
class Activatable(Protocol):
    """A scan target that is not a button: Enter calls ``activate`` (the signature pad signs)."""

    def activate(self) -> None: ...


class KeyAccess(QObject):
    """Watches the keys sent to one window: Enter on buttons, starting from the slides, scanning."""

    scanning_changed = Signal(bool)
    wake = Signal()
    """A key on the slides: start a check-in (as a tap would)."""

    def __init__(self, window: QWidget, layers: "Layers") -> None:
        super().__init__(window)
        self.window = window
        self.layers = layers
        self.scanning = False
        self.scan_by_default = False
        self._space_down: float | None = None
        self._wake_down: float | None = None
        self._keyed_focus = False
        events = app_events()
        assert events is not None
        # keys go to the focused widget: only the application sees them all
        events.watch(_WATCHED, self.eventFilter, owner=self)

    def set_scanning(self, on: bool) -> None:
        """Turn scan mode on or off (the language screen's choice, or the clinic's setting)."""
        if on != self.scanning:
            self.scanning = on
            self.scanning_changed.emit(on)
        self._space_down = None

    def reset(self) -> None:
        """The next patient starts as the clinic set it (off, unless a switch device is installed)."""
        self.set_scanning(self.scan_by_default)

    # --- the keys ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # focus and key events of the whole application (kiosk.ui.app_events)
        kind = event.type()
        if kind == QEvent.Type.FocusIn and isinstance(event, QFocusEvent):
            # a tap also focuses a button; Enter then still means Next (a physical keyboard's
            # typist tapped AM and typed on): only focus that keys brought is Enter's to press
            self._keyed_focus = event.reason() in _KEYED
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        key, press = event.key(), kind == QEvent.Type.KeyPress
        if key not in (Qt.Key.Key_Space, *_ENTER):
            return False
        if self.layers.sleeping():
            self._sleeping_key(press, event.isAutoRepeat())
            return True
        if self.scanning:
            self._scan_key(key, press, event.isAutoRepeat())
            return True
        if key == Qt.Key.Key_Space and self.layers.offers_scanning():
            self._start_key(press, event.isAutoRepeat())
            return True
        focus = QApplication.focusWidget()
        if key in _ENTER and isinstance(focus, QAbstractButton) and focus.window() is self.window \
                and self._keyed_focus:
            if press and not event.isAutoRepeat():
                focus.click()  # Enter activates the focused button as Space does
            return True
        return False

    def _sleeping_key(self, press: bool, repeat: bool) -> None:
        """On the slides: a short press starts a check-in (on its release), a long one reads the
        slide aloud where the slides have a speaker (or stops the reading), else starts one too."""
        if repeat:
            return
        if press:
            self._wake_down = time.monotonic()
            return
        if self._wake_down is None:
            return  # the key went down on another screen, before the slides came back
        held = time.monotonic() - self._wake_down
        self._wake_down = None
        if held < LONG_PRESS_SECONDS or not self.layers.read_slide():
            self.wake.emit()

    def _start_key(self, press: bool, repeat: bool) -> None:
        """Where scanning is offered, a long Space turns it on (a lone switch has no Tab to reach
        the button); a short one presses the focused button, as Space always does."""
        if repeat:
            return
        if press:
            self._space_down = time.monotonic()
            return
        held = time.monotonic() - self._space_down if self._space_down is not None else 0.0
        self._space_down = None
        if held >= LONG_PRESS_SECONDS:
            self.set_scanning(True)
            self.step()
            return
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton) and focus.window() is self.window:
            focus.click()

    def _scan_key(self, key: int, press: bool, repeat: bool) -> None:
        if repeat:
            return  # a held switch sends repeats: only its press and release count
        if key == Qt.Key.Key_Space:
            if press:
                self._space_down = time.monotonic()
            elif self._space_down is not None:
                held = time.monotonic() - self._space_down
                self._space_down = None
                self.go_back() if held >= LONG_PRESS_SECONDS else self.step()
        elif press:
            self.choose()

    # --- scanning ------------------------------------------------------------------------
    def targets(self) -> list[QWidget]:
        """What the highlight stops at, in reading order: the screen's (or card's) targets, then the top bar's."""
        found: list[QWidget] = []
        for root in self.layers.active():
            found += [w for w in root.findChildren(QWidget) if _is_target(w)]
        return found

    def highlighted(self) -> QWidget | None:
        focus = QApplication.focusWidget()
        return focus if focus is not None and focus in self.targets() else None

    def step(self) -> None:
        """Move the highlight to the next target (round again after the last)."""
        targets = self.targets()
        if not targets:
            return
        current = self.highlighted()
        following = targets[(targets.index(current) + 1) % len(targets)] if current is not None else targets[0]
        self.highlight(following)

    def highlight(self, target: QWidget) -> None:
        """Show the ring on ``target`` (the keyboard focus), scrolled into sight."""
        scroll_into_view(target, 24)
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def choose(self) -> None:
        """Enter: press the highlighted target."""
        target = self.highlighted()
        if isinstance(target, QAbstractButton):
            target.click()
        elif isinstance(target, Activatable):
            target.activate()

    def go_back(self) -> None:
        """A long press: the screen's Back (or the card's "No"), if it has one."""
        for target in self.targets():
            if target.property(GOES_BACK) and isinstance(target, QAbstractButton):
                target.click()
                return


def _is_target(widget: QWidget) -> bool:
    return (isinstance(widget, QAbstractButton) or bool(widget.property(SCAN_TARGET))) and \
        widget.isVisible() and widget.isEnabled()


class Layers(Protocol):
    """What the window is showing, for the keys: the slides, or the screens a patient can reach."""

    def sleeping(self) -> bool:
        """The slides are showing: a key starts a check-in."""
        ...

    def active(self) -> list[QWidget]:
        """The widgets holding what can be chosen now: an open card alone, else the screen and the top bar."""
        ...

    def offers_scanning(self) -> bool:
        """The screen where a patient may turn scanning on (a long Space there does)."""
        ...

    def read_slide(self) -> bool:
        """Press the slides' speaker button if they show one; False when there is none."""
        ...
