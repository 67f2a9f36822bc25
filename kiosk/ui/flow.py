"""The presenter of one kiosk: starts a visit, moves the session, wipes it, submits it.

The session is the model; screens only show plain data and emit taps. The flow is the
only holder of the session, so dropping it here drops the patient's data.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.forms.loader import FormLibrary
from kiosk.care.trail import SessionRecorder, screen_name
from kiosk.forms.model import ItemType, VisitProtocol
from kiosk.intake.plan import PatientHistory, Planner
from kiosk.intake.session import Clock, IntakeSession, Step
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission, patient_from_checkin
from kiosk.ops.logs import event
from kiosk.ui.background import BackgroundOp
from kiosk.ui.kiosk_window import KioskWindow
from kiosk.ui.screens.question import QuestionView
from kiosk.ui.sizes import AUTO_ADVANCE_MS, THANK_YOU_SECONDS
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.memory import release_memory
from kiosk.ui.strings import tr

log = logging.getLogger(__name__)
Submit = Callable[[Submission], None]
History = Callable[[str, dt.date, dt.datetime], PatientHistory]
"""Looks up a patient's earlier visits by name and date of birth (blocking: on a worker)."""


def store_visit(library: FormLibrary, visit: dict[str, Any], kiosk_id: str, now: dt.datetime, submit: Submit,
                notes: dict[str, Any] | None = None) -> None:
    """Build the scored Submission and hand it to the store (runs on a worker thread)."""
    submit(build_submission(library, visit, kiosk_id=kiosk_id, now=now, **(notes or {})))


class IntakeFlow(QObject):
    """Wires the window's screens to a fresh IntakeSession per patient."""

    submitted = Signal(str)
    """"stored", "spooled" or "failed" once the worker reports back."""
    wiped = Signal()
    """The visit ended (done, Start over, idle): its read-aloud choice goes with it."""

    def __init__(
        self, window: KioskWindow, library: FormLibrary, protocol: VisitProtocol, submit: Submit, *,
        kiosk_id: str, clock: Clock, auto_advance: bool = True, idle_timeout: float = 90,
        idle_countdown: int = 20, spooled_errors: tuple[type[Exception], ...] = (),
        auto_advance_ms: int = AUTO_ADVANCE_MS, trail: SessionRecorder | None = None,
        planner: Planner | None = None, history: History | None = None,
    ) -> None:
        super().__init__(window)
        self.planner, self.history = planner, history
        self._looked_up: tuple[str, str] | None = None  # whose history was asked for this session
        self.window, self.library, self.protocol = window, library, protocol
        self.submit, self.kiosk_id, self.clock = submit, kiosk_id, clock
        self.auto_advance, self.spooled_errors = auto_advance, spooled_errors
        self.session: IntakeSession | None = None
        self.trail = trail or SessionRecorder()  # the anonymous trail: screens and times, no answers
        self._shown: tuple[Step, str] | None = None
        self._spooled = 0
        self._started = time.monotonic()
        self.last_submit_at: dt.datetime | None = None  # for the heartbeat (a time, no patient)
        self._advance = QTimer(self, singleShot=True, interval=auto_advance_ms)
        self._advance.timeout.connect(self._auto_next)
        self._advance_from: Step | None = None
        self.thank_you_timer = QTimer(self, singleShot=True, interval=THANK_YOU_SECONDS * 1000)
        self.thank_you_timer.timeout.connect(self.wipe)
        self.idle = IdleWatcher(idle_timeout, idle_countdown, self)
        self._wire()

    def _wire(self) -> None:
        w = self.window
        w.attract.tapped.connect(self.start)  # type: ignore[attr-defined]
        w.keys.wake.connect(self.start)
        w.language.chosen.connect(self.choose_language)
        w.language.back_tapped.connect(self.wipe)
        w.question.next_tapped.connect(self.next)
        w.question.back_tapped.connect(self.back)
        w.question.chosen.connect(self.choose)
        w.review.edit.connect(self.edit)
        w.review.confirmed.connect(self.next)
        w.review.back_tapped.connect(self.back)
        w.critical.done.connect(self.after_critical_note)
        w.thank_you.done.connect(self.wipe)
        w.top_bar.start_over.connect(self.ask_start_over)
        w.confirm_overlay.accepted.connect(self._start_over)
        w.confirm_overlay.rejected.connect(w.confirm_overlay.hide)
        w.idle_overlay.stay.connect(self.stay)
        self.idle.warn.connect(self._warn)
        self.idle.expired.connect(self._timed_out)

    # --- a visit -------------------------------------------------------------------------
    def start(self) -> None:
        """A tap on the slides: a fresh session, starting with the language choice."""
        if self.session is not None:
            return
        self.session = IntakeSession(self.library, self.protocol, clock=self.clock, planner=self.planner)
        self.session.subscribe(self.render)
        self.session.subscribe(self._look_up_history)
        self._started = time.monotonic()
        self.trail.started()
        event(log, "visit_started")
        self.idle.start()
        self.render()

    def render(self) -> None:
        """Show the session's current step (the input is rebuilt only on a new step)."""
        session = self.session
        if session is None:
            return
        step = session.step
        if self._shown == (step, session.language):
            return
        self._shown = (step, session.language)
        self.trail.screen(screen_name(step.kind, step.form_id, step.item_id))
        w = self.window
        w.top_bar.set_language(session.language)
        if step.kind == "language":
            w.show_screen(w.language)
        elif step.kind in ("intro", "question"):
            w.question.show_question(self._question_view(session))
            w.show_screen(w.question)
        elif step.kind == "review":
            w.review.show_review(session.review(), session.language)
            w.show_screen(w.review)
        else:
            self._submit(session)

    def _look_up_history(self) -> None:
        """Once the check-in gives a name and date of birth, ask the store (on a worker) for
        the patient's earlier visits. Until it answers, or if it cannot, every form is asked."""
        session = self.session
        if session is None or self.history is None:
            return
        identity = patient_from_checkin(self.library, session.answers.get("checkin", {}))
        name, born = identity.get("legal_name"), identity.get("date_of_birth")
        if not isinstance(name, str) or not isinstance(born, str) or self._looked_up == (name, born):
            return
        try:
            day = dt.date.fromisoformat(born)
        except ValueError:
            return
        self._looked_up = (name, born)  # first: forgetting the old history below re-enters here
        if session.history is not None:
            session.set_history(None)  # another identity's history must not leave out this one's forms
        lookup, now = self.history, session.clock()

        def found(history: PatientHistory) -> None:
            if self.session is session and self._looked_up == (name, born):
                session.set_history(history)

        def failed(exc: Exception) -> None:  # the kind of error only: never the patient's data
            log.warning("patient history unavailable (%s): every form is asked", type(exc).__name__)

        BackgroundOp(partial(lookup, name, day, now), found, failed).start()

    def _question_view(self, session: IntakeSession) -> QuestionView:
        progress = session.progress()
        text = progress.form_title
        if progress.number is not None:
            key = "question_of_up_to" if progress.up_to else "question_of"
            text = tr(key, session.language, form=progress.form_title, n=progress.number, count=progress.count)
        steps = session.steps()
        last = steps[session.index + 1].kind == "submit"
        return QuestionView(
            form=session.form(), item=session.item(), question=session.question_text().get(session.language),
            language=session.language, progress=text,
            fraction=progress.fraction, answer=session.current_answer(), last=last,
            heading=session.heading(),
        )

    def choose_language(self, language: str) -> None:
        if self.session is not None:
            self.trail.language(language)
            self.session.set_language(language)
            self.session.next()
            # while the patient reads the check-in's introduction (a build per event-loop turn)
            self.window.question.build_ahead(self.session.questions(), language)

    def choose(self, code: object) -> None:
        """A single-choice tap: keep it, maybe show the calm note, maybe move on."""
        session = self.session
        if session is None:
            return
        session.answer(code)  # type: ignore[arg-type]
        if self._crisis_note(session):
            return
        if self.auto_advance:
            self._advance_from = session.step
            self._advance.start()

    def _auto_next(self) -> None:
        if self.session is not None and self.session.step == self._advance_from:
            self.session.next()

    def next(self) -> None:
        """Next (or "My answers are correct"): keep the typed answer, then move on."""
        session = self.session
        if session is None:
            return
        self._advance.stop()
        if session.step.kind == "question":
            widget = self.window.question.input
            value, problem = widget.commit() if widget is not None else (None, None)
            if problem is None and session.item().type is not ItemType.info:
                problem = session.answer(value)
            if problem is not None:
                self.window.question.show_error(problem)
                return
            if self._crisis_note(session):
                return
        session.next()

    def _crisis_note(self, session: IntakeSession) -> bool:
        """The calm note, after an answer that raised a ``crisis`` flag (and only then)."""
        if not session.new_crisis_flags():
            return False
        self.trail.screen("crisis_note")
        self.window.critical.show_note(session.language)
        self.window.show_screen(self.window.critical)
        return True

    def after_critical_note(self) -> None:
        if self.session is not None:
            self._shown = None
            self.session.next()
            self.render()

    def back(self) -> None:
        self._advance.stop()
        if self.session is not None:
            if self.session.step == Step("language"):
                self.wipe()
            else:
                self.session.back()

    def edit(self, form_id: str, item_id: str) -> None:
        if self.session is not None:
            self.session.go_to(form_id, item_id)

    # --- submit --------------------------------------------------------------------------
    def _submit(self, session: IntakeSession) -> None:
        """Hand the visit to a worker and forget it here at once."""
        job = partial(store_visit, self.library, session.visit_json(), self.kiosk_id, session.clock(), self.submit,
                      session.history_notes())
        language = session.language
        self.trail.ended("submitted")
        self._drop_patient()
        self.window.thank_you.show_state("saving", language)
        self.window.show_screen(self.window.thank_you)
        BackgroundOp(job, lambda _r: self._submitted("stored", language), lambda exc: self._failed(exc, language)).start()

    def _failed(self, exc: Exception, language: str) -> None:
        # the store says whether the visit reached its encrypted spool; only then is it safe
        if isinstance(exc, self.spooled_errors) and getattr(exc, "spooled", True):
            self._spooled += 1
            log.warning("store unavailable: a submission was spooled for later")
            self.window.notify_staff(f"● {self._spooled} check-in(s) saved offline — tell staff")
            self._submitted("spooled", language)
            return
        # the patient sees a calm "please see the desk"; staff get the kind of error only
        log.error("submission failed: %s", type(exc).__name__)
        self.window.thank_you.show_state("problem", language)
        self.thank_you_timer.start()
        self.submitted.emit("failed")

    def _submitted(self, outcome: str, language: str) -> None:
        self.last_submit_at = dt.datetime.now(dt.timezone.utc)
        event(log, "visit_submitted", outcome=outcome, language=language, seconds=self._elapsed())
        self.window.thank_you.show_state("thanks", language)
        self.thank_you_timer.start()
        self.submitted.emit(outcome)

    # --- leaving -------------------------------------------------------------------------
    def _elapsed(self) -> float:
        return round(time.monotonic() - self._started, 1)

    def _abandoned(self, reason: str) -> None:
        if self.session is not None:
            event(log, "visit_abandoned", reason=reason, step=self.session.step.kind, seconds=self._elapsed())
            self.trail.ended("timeout" if reason == "timeout" else "start_over")
        self.wipe()

    def _timed_out(self) -> None:
        self._abandoned("timeout")

    def _start_over(self) -> None:
        self._abandoned("start_over")

    def ask_start_over(self) -> None:
        language = self.session.language if self.session is not None else "en"
        self.window.confirm_overlay.ask(language)

    def _warn(self, seconds: int) -> None:
        language = self.session.language if self.session is not None else "en"
        self.window.idle_overlay.show_countdown(seconds, language)
        if not self.window.idle_overlay.isVisible():
            self.window.idle_overlay.open()

    def stay(self) -> None:
        self.window.idle_overlay.hide()
        self.idle.keep_alive()

    def _drop_patient(self) -> None:
        """Forget the session and clear every widget that showed its answers."""
        self._advance.stop()
        self.idle.stop()
        self.session = None
        self._looked_up = None
        self._shown = None
        self._advance_from = None
        w = self.window
        w.question.clear()
        w.review.clear()
        w.idle_overlay.hide()
        w.confirm_overlay.hide()

    def wipe(self) -> None:
        """Start over / idle expiry / done: nothing of this patient remains; slides return."""
        self.thank_you_timer.stop()
        self.wiped.emit()
        self.trail.ended("back")  # still under way here: Back on the language screen, or staff mode opened
        self._drop_patient()
        self.window.reset_look()
        self.window.top_bar.set_language("en")
        self.window.show_screen(self.window.attract)
        QTimer.singleShot(0, release_memory)  # once the slides are back up
