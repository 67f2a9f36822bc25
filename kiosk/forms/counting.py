"""How many questions a form will ask, while skip logic is still open (no Qt).

``visible_items`` answers "what is shown now": a question revealed by a later answer is
not in it yet, so a count taken from it grows mid-form (C-SSRS "of 3" becomes "of 6").
Here each item is shown, hidden, or *open* — its skip logic tests an answer the patient
has not reached yet — so the kiosk can say "question 2 of up to 7" until the count is
settled, and never promise fewer questions than the patient may see.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.model import Answer, Condition, FormDefinition, ItemType
from kiosk.forms.scoring import Answers, ConditionEvaluator

Shown = bool | None
"""True shown, False hidden, None open (depends on an answer still to come)."""


@dataclass(frozen=True)
class QuestionCount:
    """The questions (info texts left out) surely shown, and at most shown."""

    shown: int
    most: int

    @property
    def settled(self) -> bool:
        """Whether no later answer can change the count."""
        return self.shown == self.most


def _combine(results: Iterable[Shown], behavior: str) -> Shown:
    values = list(results)
    decisive = False if behavior == "all" else True
    if decisive in values:
        return decisive
    return None if None in values else not decisive


def _outlook(form: FormDefinition, answers: Answers, pending: Collection[str],
             context: VisitContext) -> dict[str, Shown]:
    """Each item's fate; ``pending`` are the ids of items the patient has yet to answer."""
    status: dict[str, Shown] = {}
    known: dict[str, Answer] = {}  # answers of items surely shown, as visible_answers keeps them
    evaluator = ConditionEvaluator(form, known, context)

    def holds(cond: Condition) -> Shown:
        if cond.form:  # another form's answer (check-in): already given, so settled
            return evaluator.holds(cond)
        refs = (cond.item,) if cond.item is not None else cond.sum_of or ()
        for ref in refs:
            fate = status.get(ref, False)  # a later item counts as unanswered, as in visible_answers
            if fate is None or (fate and ref in pending):
                return None
        return evaluator.holds(cond)

    for item in form.items:
        rule = item.enable_when
        fate: Shown = True if rule is None else _combine(map(holds, rule.conditions), rule.behavior)
        status[item.id] = fate
        if fate:
            known[item.id] = answers.get(item.id)
    return status


def question_count(form: FormDefinition, answers: Answers, at: str | None = None,
                   context: VisitContext = NO_CONTEXT) -> QuestionCount:
    """Questions ``form`` asks given ``answers``, the patient being on item ``at``.

    Unanswered items from ``at`` on are still to come; unanswered items before it were
    passed (skipped), so skip logic reading them is settled. ``at=None``: all to come.
    """
    ids = [item.id for item in form.items]
    start = ids.index(at) if at in ids else 0
    pending = {i for i in ids[start:] if answers.get(i) in (None, "", [])}
    status = _outlook(form, answers, pending, context)
    asked = [item.id for item in form.items if item.type is not ItemType.info]
    shown = sum(1 for i in asked if status[i])
    return QuestionCount(shown=shown, most=shown + sum(1 for i in asked if status[i] is None))
