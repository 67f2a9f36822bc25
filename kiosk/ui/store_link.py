"""The store, opened on a worker once the first slide is up, so the kiosk starts fast.

Opening the store (SQLAlchemy, migrations, key file) takes longer than drawing the first
slide; no patient can submit in that time. ``submit`` runs on a worker thread and waits for
the store. If the store cannot be opened at all, visits go to the encrypted spool directly.
"""

from __future__ import annotations

import logging
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any

from kiosk.forms.loader import FormLibrary
from kiosk.intake.answered import definitions_answered
from kiosk.intake.plan import PatientHistory
from kiosk.intake.submission import Submission
from kiosk.intake.trail import TrailSession
from kiosk.settings import Settings
from kiosk.ui.background import BackgroundOp

log = logging.getLogger(__name__)
OPEN_WAIT_SECONDS = 60.0
HISTORY_WAIT_SECONDS = 10.0
"""A history look-up waits this long for the store to open; the patient is answering meanwhile."""


class NotStored(Exception):
    """The store could not take the visit; ``spooled`` says whether the spool kept it.

    The UI's own name for the store's StoreUnavailable, so that importing the UI does not
    import the store (SQLAlchemy, alembic, cryptography) before the first slide is drawn.
    """

    def __init__(self, message: str, *, spooled: bool) -> None:
        super().__init__(message)
        self.spooled = spooled


class StoreLink:
    """``submit`` for the kiosk: the store's ``add`` once open, else the spool."""

    def __init__(self, settings: Settings, library: FormLibrary | None = None) -> None:
        self.settings = settings
        self.library = library  # its definitions are stored, so each visit can name its own
        self.store: Any = None
        self.problem: str | None = None
        self.refused = False  # the store refused this process's key: nothing may be written
        self._ready = threading.Event()

    def open(self) -> None:
        """Open the store (call on a worker thread); remembers why if it cannot."""
        from kiosk.store import KeyStoreError, Store, StoreError

        try:
            self.store = self.prepared(Store.open(self.settings))
        except KeyStoreError as exc:  # the wrong key: spooling under it would fork the data
            self.problem, self.refused = str(exc), True
        except StoreError as exc:  # its message never holds patient data
            self.problem = str(exc)
        finally:
            self._ready.set()

    def prepared(self, store: Any) -> Any:
        """``store`` with this kiosk's form definitions recorded and the sessions its last run
        left open (a crash, SIGKILL) marked interrupted — before this run's trail is written,
        which waits for ``self.store`` (blocking: on a worker)."""
        from kiosk.store.trail import interrupt_open_sessions

        if self.library is not None:
            store.record_forms(self.library)
        cut = interrupt_open_sessions(store.engine, self.settings.id)
        if cut:
            log.warning("session trail: %d session(s) left open by the last run marked interrupted", cut)
        return store

    def open_in_background(self, on_problem: Callable[[str], None], on_answer: Callable[[], None] = lambda: None) -> None:
        """Open on the thread pool; ``on_answer`` (UI thread) hears that it is done, opened or
        not, then ``on_problem`` why if it failed. Whatever imports the store's modules should
        wait for ``on_answer``: the worker holds the import lock meanwhile, and the UI thread
        would stand still behind it."""

        def done(_result: object) -> None:
            on_answer()
            if self.problem is not None:
                log.error("the store could not be opened: %s", self.problem)
                on_problem(self.problem)

        def broken(exc: Exception) -> None:
            on_answer()
            on_problem(type(exc).__name__)

        BackgroundOp(self.open, done, broken).start()

    def submit(self, submission: Submission) -> None:
        """Store the visit, or raise NotStored (``spooled`` says whether it is safe)."""
        from kiosk.store import StoreUnavailable, spool_visit

        self._ready.wait(OPEN_WAIT_SECONDS)
        if self.store is not None:
            try:
                self.store.add(submission)
            except StoreUnavailable as exc:
                raise NotStored(str(exc), spooled=exc.spooled) from None
            return
        why = self.problem or "the store is still opening"
        if self.refused:
            raise NotStored(f"{why}; the visit was NOT saved", spooled=False)
        try:
            answered = definitions_answered(self.library, submission) if self.library else []
            spool_visit(self.settings, submission, answered)
        except Exception as exc:
            raise NotStored(f"{why}; the spool could not be written either ({type(exc).__name__})", spooled=False) from None
        raise NotStored(f"{why}; the visit is kept in the encrypted spool", spooled=True)

    def history(self, legal_name: str, date_of_birth: dt.date, before: dt.datetime) -> PatientHistory:
        """The patient's earlier visits (on a worker); RuntimeError when the store is not open,
        so the kiosk asks every form rather than guess."""
        from kiosk.care.earlier import look_up

        self._ready.wait(HISTORY_WAIT_SECONDS)
        if self.store is None:
            raise RuntimeError(self.problem or "the store is still opening")
        return look_up(self.store, legal_name, date_of_birth, before=before, actor=f"kiosk:{self.settings.id}")

    def record_trail(self, sessions: Sequence[TrailSession]) -> None:
        """Store finished sessions' anonymous trail (the trail's writer thread; raises while
        the store is not open, so the writer keeps them and tries again)."""
        from kiosk.store.trail import record_sessions

        record_sessions(self.opened_store().engine, sessions, self.settings.id)

    def opened_store(self) -> Any:
        """The open store for staff mode; RuntimeError saying why when there is none yet."""
        if self.store is None:
            raise RuntimeError(self.problem or "the database is still opening; try again in a moment")
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
