"""The anonymous session trail: what a kiosk session did, never who or what they answered.

``SessionRecorder`` is the one object the kiosk's UI calls (started, screen, language,
ended); ``TrailWriter`` stores the sessions on its own thread. A session is written as an
``open`` row when it starts and updated on every screen, so one under way when the process
ends still counts: ``stop`` closes it as ``process_stopped`` on a clean exit (SIGTERM), and a
row a crash or SIGKILL left open is marked ``interrupted`` when that kiosk starts again. A store outage
never blocks or breaks a visit: sessions wait in memory, the oldest are dropped (and
counted) past ``limit``, and nothing is ever written to disk outside the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence

from kiosk.intake.trail import OPEN, Outcome, TrailSession

log = logging.getLogger(__name__)
Write = Callable[[Sequence[TrailSession]], None]
QUEUE_LIMIT = 1000
"""About a week of a busy clinic's sessions: past that the store has been away too long to matter."""
RETRY_SECONDS = 30.0


def screen_name(kind: str, form_id: str | None = None, item_id: str | None = None) -> str:
    """What the trail calls a screen: ``form/item`` for a question, ``form/intro``, else the step kind."""
    if form_id is None:
        return kind
    return f"{form_id}/{item_id or kind}"


class SessionRecorder:
    """Times one session's screens and hands the finished session to ``sink``.

    ``clock`` is monotonic seconds; ``today`` the clinic's local day (the machine's time zone,
    as the review queue's day is).
    """

    def __init__(self, sink: Callable[[TrailSession], None] | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.sink, self._clock, self._today = sink, clock, today
        self._began: float | None = None
        self._language: str | None = None
        self._screen: tuple[str, float] | None = None
        self._screens: list[tuple[str, int]] = []
        self._key: str | None = None

    @property
    def active(self) -> bool:
        return self._began is not None

    def started(self) -> None:
        """A patient tapped the slides."""
        self._began, self._language, self._screen, self._screens = self._clock(), None, None, []
        self._key = uuid.uuid4().hex
        self._snapshot()

    def language(self, language: str) -> None:
        if self.active:
            self._language = language

    def screen(self, name: str) -> None:
        """``name`` (a form and item id, or a step kind — never an answer) is now shown."""
        if not self.active or (self._screen is not None and self._screen[0] == name):
            return
        now = self._clock()
        self._close_screen(now)
        self._screen = (name, now)
        self._snapshot()

    def ended(self, outcome: Outcome) -> None:
        """The session is over: hand it on and forget it (nothing if none was under way)."""
        if self._began is None:
            return
        now = self._clock()
        last = self._screen[0] if self._screen is not None else "slides"
        self._close_screen(now)
        session = TrailSession(day=self._today(), outcome=outcome, last_screen=last,
                               seconds=round(now - self._began), language=self._language,
                               screens=tuple(self._screens), key=self._key)
        self._began, self._language, self._screen, self._screens, self._key = None, None, None, [], None
        if self.sink is not None:
            self.sink(session)

    def stop(self) -> None:
        """The kiosk process is ending: a session under way ends as ``process_stopped``."""
        self.ended("process_stopped")

    def _snapshot(self) -> None:
        """The session so far, as an ``open`` row (no screen times: those come at the end)."""
        if self._began is None or self.sink is None:
            return
        last = self._screen[0] if self._screen is not None else "slides"
        self.sink(TrailSession(day=self._today(), outcome=OPEN, last_screen=last,
                               seconds=round(self._clock() - self._began), language=self._language,
                               key=self._key))

    def _close_screen(self, now: float) -> None:
        if self._screen is not None:
            name, since = self._screen
            self._screens.append((name, round(now - since)))
            self._screen = None


class TrailWriter:
    """Stores finished sessions on a daemon thread; a failing ``write`` is retried later."""

    def __init__(self, write: Write, *, limit: int = QUEUE_LIMIT, retry_seconds: float = RETRY_SECONDS) -> None:
        self._write, self._limit, self._retry = write, limit, retry_seconds
        self._pending: deque[TrailSession] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False
        self._thread: threading.Thread | None = None
        self.dropped = 0
        """Sessions dropped because the store stayed away while ``limit`` more waited."""

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._pending)

    def put(self, session: TrailSession) -> None:
        """Queue one session (never blocks on the database; called on the UI thread)."""
        with self._lock:
            self._keep([session])
            self._idle.clear()
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="session-trail", daemon=True)
                self._thread.start()
        self._wake.set()

    def _keep(self, sessions: Sequence[TrailSession]) -> None:
        for session in sessions:
            if session.key is not None:  # a newer state of a session still waiting replaces it:
                # one entry per session, so an outage fills the queue with sessions, not screens
                for waiting in [p for p in self._pending if p.key == session.key]:
                    self._pending.remove(waiting)
            self._pending.append(session)
        while len(self._pending) > self._limit:
            self._pending.popleft()
            self.dropped += 1
            if self.dropped == 1 or self.dropped % 100 == 0:
                log.warning("session trail: %d session(s) dropped while the store was unavailable", self.dropped)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until the queue has been written (tests, shutdown); False on timeout."""
        return self._idle.wait(timeout)

    def close(self, timeout: float = 2.0) -> None:
        """Write what waits (briefly), then stop the thread."""
        self._closed = True
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                batch = list(self._pending)
                self._pending.clear()
            if batch and not self._store(batch):
                with self._lock:  # back in front of anything newer, within the limit
                    self._pending.extendleft(reversed(batch))
                    self._keep([])
                if self._closed:
                    return
                self._wake.wait(self._retry)
                self._wake.set()
                continue
            with self._lock:
                if not self._pending:
                    self._idle.set()
            if self._closed:
                return

    def _store(self, batch: Sequence[TrailSession]) -> bool:
        try:
            self._write(batch)
        except Exception as exc:  # noqa: BLE001 - any store failure: keep the sessions, retry later
            log.warning("session trail not stored yet (%s); %d session(s) wait", type(exc).__name__, len(batch))
            return False
        return True
