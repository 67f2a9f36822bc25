"""One patient's visit in progress: a pure state machine the kiosk screens show (no Qt).

The steps are recomputed from the answers every time, so skip logic (the forms engine's
``visible_items``) hides or reveals questions as answers change. The position is kept as
a step identity, not an index, so a question appearing earlier does not move the patient.
Forms holding a signature item are consent forms: they come after the review screen.
A form's instructions are read once, on an intro step before its first question (a long
text above every question buries it, and above a keyboard there is no room); only a
stem every item completes (PHQ-9's "Over the last 2 weeks...") repeats on each question.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from kiosk.forms.context import VisitContext
from kiosk.forms.counting import question_count
from kiosk.forms.display import AnswerRow, answer_rows
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType, LocalizedText, VisitProtocol
from kiosk.forms.recall import Cap, answer_cap, local_day
from kiosk.forms.scoring import FormScore, RaisedFlag, score_form, visible_items
from kiosk.forms.variants import item_text
from kiosk.intake.entry import explain, time_caution
from kiosk.intake.plan import FormNotAsked, PatientHistory, Planner, VisitPlan, fixed_plan
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission

StepKind = Literal["language", "intro", "question", "review", "submit"]
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Step:
    """Where the patient is: a kind, the form (intro, question) and the item (question)."""

    kind: StepKind
    form_id: str | None = None
    item_id: str | None = None


@dataclass(frozen=True)
class Progress:
    """What the progress line and bar show, e.g. "PHQ-9 · question 3 of 9".

    ``up_to``: skip logic may still leave questions out, so ``count`` is the most there
    can be ("question 2 of up to 7"), never a number that grows as the patient answers.
    """

    form_title: str
    number: int | None
    count: int
    fraction: float
    up_to: bool = False


@dataclass(frozen=True)
class ReviewSection:
    """One form on the review screen: its title and its answered rows."""

    form_id: str
    title: str
    rows: list[AnswerRow]


class IntakeSession:
    """Answers, language and position of one visit; knows nothing about widgets.

    Which forms follow the check-in is the ``planner``'s call (``kiosk.care``: by appointment
    type, minus forms answered too recently); without one, ``protocol`` runs whole.
    """

    def __init__(self, library: FormLibrary, protocol: VisitProtocol, *, clock: Clock = _utc_now,
                 planner: Planner | None = None) -> None:
        self.library = library
        self.clock = clock
        self.language = "en"
        self._planner = planner or fixed_plan(protocol)
        self.history: PatientHistory | None = None
        """The patient's earlier visits, once the store has answered (None: unknown)."""
        self.answers: dict[str, dict[str, Answer]] = {f: {} for f in library.forms}
        self._step = Step("language")
        self._back_to_review = False
        self._crisis_noted: set[str] = set()  # forms whose crisis note the patient has seen
        self._cautioned: tuple[str, str, Answer] | None = None
        self._listeners: list[Callable[[], None]] = []
        self._steps_cache: tuple[tuple[object, ...], dict[str, dict[str, Answer]], list[Step]] | None = None
        """The last ``steps()``: its key, a copy of the answers it was computed from, the steps."""

    # --- observation -------------------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every change (views re-render from the session)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def context(self) -> VisitContext:
        """Every form's answers so far, the visit's date and time, the clinic's rules and the
        last visit's day, for conditions across forms, the fasting rule and recall windows."""
        now = self.clock()
        last = self.history.last_visit if self.history is not None else None
        return VisitContext(self.answers, now.date(), now, self.library.rules, last)

    # --- which forms -------------------------------------------------------------------
    def plan(self) -> VisitPlan:
        """The protocol and the forms left out, as the answers and history stand now.

        A form the patient has started is never taken away (a history arriving late may not
        pull the question they are on from under them).
        """
        plan = self._planner(self.answers, self.history, local_day(self.clock()))
        started = {f for f, given in self.answers.items() if given} | {self._step.form_id}
        kept = tuple(n for n in plan.not_asked if n.form not in started)
        return plan if kept == plan.not_asked else VisitPlan(plan.protocol, kept)

    @property
    def protocol(self) -> VisitProtocol:
        return self.plan().protocol

    @property
    def forms(self) -> list[FormDefinition]:
        """The forms this visit asks, in order."""
        return [self.library.form(f) for f in self.plan().forms]

    def not_asked(self) -> tuple[FormNotAsked, ...]:
        return self.plan().not_asked

    def set_history(self, history: PatientHistory | None) -> None:
        """What the store knows of the patient's earlier visits (looked up after check-in);
        None forgets it (the name or date of birth changed: nothing is left out until the
        store has answered for the new one)."""
        self.history = history
        self._changed()

    def _visible(self, form: FormDefinition) -> list[Item]:
        return visible_items(form, self.answers[form.id], self.context())

    # --- steps -------------------------------------------------------------------------
    @staticmethod
    def is_consent(form: FormDefinition) -> bool:
        """Consent forms (with a signature) are signed after the review screen."""
        return any(item.type is ItemType.signature for item in form.items)

    def _question_steps(self, consent: bool) -> list[Step]:
        steps = []
        for form in self.forms:
            items = self._visible(form) if self.is_consent(form) == consent else []
            if items and not form.repeat_instructions:
                steps.append(Step("intro", form.id))
            steps.extend(Step("question", form.id, item.id) for item in items)
        return steps

    def steps(self) -> list[Step]:
        """Every step of the visit as the answers stand now.

        Kept until anything they depend on changes: one tap asked for them six times (progress,
        index, the last-step test, next()), 2.4 ms each under cProfile, about a third of the
        Python time of a tap. The answers are compared by value with a deep copy taken when
        the steps were computed, so even an answer changed in place (not through ``answer``)
        gives fresh steps; the history by identity; the form the patient is on (a started form
        is never left out); and the clock to the second (``hours_since`` conditions and the
        planner's day read it: a second is far below their resolution).
        """
        now = self.clock()
        key: tuple[object, ...] = (self.history, self._step.form_id, now.replace(microsecond=0))
        cached = self._steps_cache
        if cached is not None and cached[0] == key and cached[1] == self.answers:
            return list(cached[2])
        steps = [
            Step("language"),
            *self._question_steps(consent=False),
            Step("review"),
            *self._question_steps(consent=True),
            Step("submit"),
        ]
        self._steps_cache = (key, copy.deepcopy(self.answers), steps)
        return list(steps)

    def questions(self) -> list[tuple[FormDefinition, Item]]:
        """The visit's questions as the answers stand now, in order (form and item): the
        kiosk builds the inputs they need ahead of them."""
        return [(self.form(s.form_id), self.form(s.form_id).item(s.item_id or ""))
                for s in self.steps() if s.kind == "question"]

    @property
    def step(self) -> Step:
        return self._step

    @property
    def index(self) -> int:
        steps = self.steps()
        if self._step in steps:
            return steps.index(self._step)
        return 0

    def form(self, form_id: str | None = None) -> FormDefinition:
        return self.library.form(form_id or self._require_question().form_id or "")

    def item(self) -> Item:
        """The current item; on an intro step, the form's instructions as a text to read."""
        step = self._require_question()
        form = self.form(step.form_id)
        if step.kind == "intro":
            return Item(id="instructions", type=ItemType.info, text=form.instructions, required=False)
        return form.item(step.item_id or "")

    def _require_question(self) -> Step:
        if self._step.kind not in ("question", "intro"):
            raise RuntimeError("not on a question step")
        return self._step

    def heading(self) -> str:
        """The line above the question: the stem, or the form title as a short reminder.

        The instructions themselves are on the intro step; there the title heads them.
        Empty when the title would only repeat the progress line's short title.
        """
        form = self.form()
        if form.repeat_instructions and self._step.kind == "question":
            return form.instructions.get(self.language)
        title = form.title.get(self.language)
        return "" if form.short_title and form.short_title.get(self.language) == title else title

    def question_text(self) -> LocalizedText:
        """The current item's wording for this patient (a text variant may apply)."""
        form = self.form()
        return item_text(form, self.item(), self.answers[form.id], self.context())

    def current_answer(self) -> Answer:
        step = self._require_question()
        return self.answers[step.form_id or ""].get(step.item_id or "")

    def progress(self) -> Progress:
        """The progress line for the current step and the bar's fraction of the visit."""
        steps = self.steps()
        fraction = self.index / max(1, len(steps) - 1)
        if self._step.kind not in ("intro", "question"):
            return Progress("", None, 0, fraction)
        form = self.form()
        title = (form.short_title or form.title).get(self.language)
        if self._step.kind == "intro":
            return Progress(title, None, 0, fraction)
        answers = self.answers[form.id]
        ids = [i.id for i in self._visible(form) if i.type is not ItemType.info]
        number = ids.index(self._step.item_id) + 1 if self._step.item_id in ids else None
        count = question_count(form, answers, self._step.item_id, self.context())
        return Progress(title, number, count.most, fraction, up_to=not count.settled)

    # --- changes -----------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        if language not in ("en", "es"):
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self._changed()

    def answer(self, value: Answer) -> str | None:
        """Keep ``value`` for the current question; the reason (patient's language) if not.

        A doubtful answer (a "last ate at" time later than now) is questioned once: given
        again unchanged, it is kept (6:45 PM at 9 AM may well be last night).
        """
        item = self.item()
        form = self.form()
        problem = explain(form, item, value, self.language, self.clock().date(), self._cap(form, item))
        if problem is not None:
            return problem
        caution = time_caution(item, value, self.language, self.clock())
        if caution is not None and self._cautioned != (form.id, item.id, value):
            self._cautioned = (form.id, item.id, value)
            return caution
        self._cautioned = None
        if value is None or value == "" or value == []:
            self.answers[form.id].pop(item.id, None)
        else:
            self.answers[form.id][item.id] = value
        self._changed()
        return None

    def new_crisis_flags(self) -> list[RaisedFlag]:
        """``crisis`` flags of forms whose calm note the patient has not yet seen.

        Only crisis flags (suicide risk) speak to the patient; infusion and clinical flags
        are for staff. The note shows once per form: the ASQ's fifth question turning a
        non-acute positive into an acute one does not repeat it.
        """
        fresh = []
        for form in self.forms:
            # a form that defines no crisis flag cannot raise one: not scored on every tap
            if form.id in self._crisis_noted or not any(f.category == "crisis" for f in form.flags):
                continue
            crisis = [f for f in self._score(form).flags if f.category == "crisis"]
            if crisis:
                self._crisis_noted.add(form.id)
                fresh.extend(crisis)
        return fresh

    def _cap(self, form: FormDefinition, item: Item) -> Cap | None:
        return answer_cap(form, item, self.answers[form.id], self.context())

    def _score(self, form: FormDefinition) -> FormScore:
        return score_form(form, self.answers[form.id], self.context())

    def can_advance(self) -> bool:
        """Whether Next may be tapped: a required question must have a kept answer."""
        if self._step.kind == "question":
            item = self.item()
            if item.type is ItemType.info or not item.required:
                return True
            form = self.form()
            return explain(form, item, self.current_answer(), self.language, self.clock().date(),
                           self._cap(form, item)) is None
        return self._step.kind != "submit"

    def next(self) -> Step:
        """Move forward (back to review when the patient came from there)."""
        if not self.can_advance():
            return self._step
        steps = self.steps()
        if self._back_to_review and self._step.kind == "question":
            self._back_to_review = False
            self._step = self._first_unanswered_before_review(steps) or Step("review")
        else:
            self._step = steps[min(self.index + 1, len(steps) - 1)]
        self._changed()
        return self._step

    def _first_unanswered_before_review(self, steps: list[Step]) -> Step | None:
        for step in steps[: steps.index(Step("review"))]:
            if step.kind == "question":
                form = self.form(step.form_id)
                item = form.item(step.item_id or "")
                if item.required and item.type is not ItemType.info and step.item_id not in self.answers[form.id]:
                    return step
        return None

    def back(self) -> Step:
        """Move one step back; answers are kept."""
        self._back_to_review = False
        self._step = self.steps()[max(0, self.index - 1)]
        self._changed()
        return self._step

    def go_to(self, form_id: str, item_id: str) -> None:
        """Jump from the review screen to one question; Next then returns to review."""
        target = Step("question", form_id, item_id)
        if target not in self.steps():
            raise KeyError(f"{form_id}.{item_id} is not shown in this visit")
        self._step = target
        self._back_to_review = True
        self._changed()

    # --- results -----------------------------------------------------------------------
    def review(self) -> list[ReviewSection]:
        """Every answered (non-consent) form as rows for the review screen."""
        context = self.context()
        return [
            ReviewSection(
                form.id, form.title.get(self.language),
                answer_rows(form, self.answers[form.id], self.language, context),
            )
            for form in self.forms
            if not self.is_consent(form)
        ]

    def scores(self) -> dict[str, FormScore]:
        """The forms engine's scores as the answers stand (hidden answers count 0)."""
        context = self.context()
        return {form.id: score_form(form, self.answers[form.id], context) for form in self.forms}

    def visit_json(self) -> dict[str, object]:
        """The visit in ``build_submission``'s input shape (answers of shown items only)."""
        responses = {}
        for form in self.forms:
            shown = {i.id for i in self._visible(form)}
            responses[form.id] = {k: v for k, v in self.answers[form.id].items() if k in shown}
        return {"language": self.language, "responses": responses}

    def build(self, kiosk_id: str) -> Submission:
        """The scored Submission (VisitError if anything is missing or invalid)."""
        return build_submission(self.library, self.visit_json(), kiosk_id=kiosk_id, now=self.clock(),
                                **self.history_notes())

    def history_notes(self) -> dict[str, Any]:
        """``build_submission``'s history arguments: forms left out, the last visit's day."""
        last = self.history.last_visit if self.history is not None else None
        return {"not_asked": self.not_asked(), "last_visit": last}
