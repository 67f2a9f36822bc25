"""One application-wide event filter for the kiosk's input watchers.

Three watchers must see input wherever it lands: the idle watch (any touch or key during a
visit), key access (Space and Enter from a switch or a keyboard, whichever widget has focus)
and the staff corner (a press held in the top-left corner, kept from the screen under it).
Qt hands every event of the application to each application-wide filter — a keyboard's
first show alone is hundreds (polish, resize, layout, paint) — and each hand-over is a call
into Python. Three filters made three calls per event (bench/ui_bench.py: a choice ->
keyboard switch took 16.1 ms with them, 11.9 without); this one filter makes one, and passes
an event on only to the watchers that asked for its class.

Order and consumption are Qt's own: the watcher that started watching last is asked first,
and one that returns True keeps the event from the rest and from its target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

Handler = Callable[[QObject, QEvent], bool]


class AppEvents(QObject):
    """The application's one filter; ``watch`` and ``unwatch`` add and remove watchers."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._watchers: list[tuple[frozenset[type[QEvent]], Handler]] = []
        self._by_class: dict[type[QEvent], tuple[Handler, ...]] = {}
        self._owners: set[int] = set()
        """Owners whose ``destroyed`` already ends their watch (connected once each)."""
        app.installEventFilter(self)

    def watch(self, classes: Iterable[type[QEvent]], handler: Handler, owner: QObject | None = None) -> None:
        """Hand events of ``classes`` to ``handler`` before the other watchers (as a filter
        installed last would be); again: moved to the front, never doubled. ``owner``: stop
        when it is destroyed."""
        self.unwatch(handler)
        self._watchers.insert(0, (frozenset(classes), handler))
        self._index()
        if owner is not None and id(owner) not in self._owners:
            self._owners.add(id(owner))
            key = id(owner)
            owner.destroyed.connect(lambda: self._gone(key, handler))

    def _gone(self, owner: int, handler: Handler) -> None:
        self._owners.discard(owner)
        self.unwatch(handler)

    def unwatch(self, handler: Handler) -> None:
        if any(h == handler for _, h in self._watchers):
            self._watchers = [(c, h) for c, h in self._watchers if h != handler]
            self._index()

    def handlers_for(self, cls: type[QEvent]) -> tuple[Handler, ...]:
        """Who is handed an event of class ``cls``, in the order they are asked."""
        return self._by_class.get(cls, ())

    def _index(self) -> None:
        classes = {cls for wanted, _ in self._watchers for cls in wanted}
        self._by_class = {cls: tuple(h for wanted, h in self._watchers if cls in wanted) for cls in classes}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        handlers = self._by_class.get(type(event))  # most events: no watcher, one dict look-up
        if handlers:
            for handler in handlers:
                if handler(watched, event):
                    return True
        return False


_shared: AppEvents | None = None


def app_events() -> AppEvents | None:
    """The running application's filter (made on first use), or None without an application."""
    global _shared
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    if _shared is None or not isValid(_shared) or _shared.parent() is not app:
        _shared = AppEvents(app)
    return _shared
