"""Run slow work (database, PDF, printer) off the UI thread, Anki ``QueryOp`` style.

A pure function runs on the global thread pool; its result or exception is delivered
to callbacks on the UI thread through a queued signal. Widgets are never touched from
the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the call to the UI thread."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the UI thread, never raised in the pool
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class BackgroundOp(Generic[T]):
    """``BackgroundOp(fn, on_done, on_error).start()``: fn on a worker, callbacks on the UI."""

    _running: set["BackgroundOp[Any]"] = set()  # keeps relays alive until delivery

    def __init__(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._fn = fn
        self._relay = _Relay()
        self._relay.succeeded.connect(lambda result: self._finish(on_done, result))
        self._relay.failed.connect(lambda exc: self._finish(on_error, exc))

    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        BackgroundOp._running.discard(self)
        callback(value)

    def start(self) -> None:
        BackgroundOp._running.add(self)
        QThreadPool.globalInstance().start(_Job(self._fn, self._relay))
