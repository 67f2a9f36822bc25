"""Skip logic, item scores, score rules, bands and flags: pure functions over data.

Answers of items that skip logic hides are ignored and count 0, as the issue and the
instruments' manuals require.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.model import (
    Answer,
    AnswerCode,
    Band,
    Condition,
    FlagCategory,
    FormDefinition,
    Item,
    ItemType,
    ScoreRule,
)
from kiosk.forms.recall import recall_window
from kiosk.forms.rules import hours_between

Answers = Mapping[str, Answer]


class ScoreValue(BaseModel):
    """A computed score and the id of the band it falls in (None if the rule has no bands)."""

    model_config = ConfigDict(frozen=True)

    value: int
    band: str | None = None


class RaisedFlag(BaseModel):
    """A flag whose conditions held for one form's answers."""

    model_config = ConfigDict(frozen=True)

    form: str
    id: str
    severity: str
    category: FlagCategory = "clinical"
    """Records stored before flags had categories read back as ``clinical``."""
    message: str


class FormScore(BaseModel):
    """Every score and raised flag of one answered form."""

    model_config = ConfigDict(frozen=True)

    form: str
    version: str
    scores: dict[str, ScoreValue]
    flags: list[RaisedFlag]

    def to_json(self) -> dict[str, Any]:
        """The `kiosk forms score` output shape."""
        return {
            "form": self.form,
            "version": self.version,
            "scores": {k: {"value": v.value, "band": v.band} for k, v in self.scores.items()},
            "flags": [
                {"id": f.id, "severity": f.severity, "category": f.category, "message": f.message}
                for f in self.flags
            ],
        }


def same_code(a: object, b: object) -> bool:
    """Compare answer codes without Python's True == 1 coincidence."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return a == b


def _is_answered(value: Answer) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list):
        return len(value) > 0
    return True


def item_score(form: FormDefinition, item: Item, answer: Answer) -> int:
    """Points an answer adds: its option's score (summed for multiple choice), else 0."""
    if item.type not in (ItemType.single_choice, ItemType.yes_no, ItemType.multiple_choice):
        return 0
    if not _is_answered(answer):
        return 0
    chosen = answer if isinstance(answer, list) else [answer]
    total = 0
    for option in form.options_of(item):
        if any(same_code(option.code, c) for c in chosen):
            total += option.score or 0
    return total


def compare_codes(left: Any, operator: str, right: Any) -> bool:
    """One condition comparison as the forms engine means it (codes, not Python's True == 1)."""
    if operator == "==":
        return same_code(left, right)
    if operator == "!=":
        return not same_code(left, right)
    if operator in ("in", "not_in"):
        values = right if isinstance(right, list) else [right]
        found = any(same_code(left, v) for v in values)
        return found if operator == "in" else not found
    if isinstance(left, bool) or not isinstance(left, (int, float)):
        return False
    if isinstance(right, bool) or not isinstance(right, (int, float)):
        return False
    return {
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
    }[operator]


class ConditionEvaluator:
    """Evaluates conditions against the answers of items visible so far (public so reports
    highlight exactly what the engine flagged), and the visit's ``context`` for conditions
    naming another form's item or an age."""

    def __init__(self, form: FormDefinition, answers: Answers, context: VisitContext = NO_CONTEXT) -> None:
        self.form = form
        self.answers = answers
        self.context = context
        self.scores: dict[str, ScoreValue] = {}

    def _item_answer(self, cond: Condition, item_id: str) -> Answer:
        answer = self.context.answer(cond.form, item_id) if cond.form else self.answers.get(item_id)
        return self.context.age(answer) if cond.as_age else answer

    def _hours_since_holds(self, cond: Condition) -> bool:
        assert cond.hours_since is not None
        answer = self.answers.get(cond.hours_since)
        if self.context.at is None or not isinstance(answer, str) or not _is_answered(answer):
            return False
        limit = (self.context.rules.limit(cond.setting) if cond.setting is not None
                 else cond.value)
        return compare_codes(hours_between(answer, self.context.at), cond.operator, limit)

    def holds(self, cond: Condition) -> bool:
        if cond.recall is not None:
            window = recall_window(self.form, self.context)
            return window is not None and window.since_last_visit
        if cond.hours_since is not None:
            return self._hours_since_holds(cond)
        if cond.item is not None:
            answer = self._item_answer(cond, cond.item)
            answered = _is_answered(answer)
            if cond.operator == "exists":
                return answered == (cond.value if cond.value is not None else True)
            if not answered:
                return False
            if isinstance(answer, list):  # multiple choice: any chosen code satisfies
                return any(compare_codes(a, cond.operator, cond.value) for a in answer)
            return compare_codes(answer, cond.operator, cond.value)
        if cond.sum_of is not None:
            total = sum(
                item_score(self.form, self.form.item(i), self.answers.get(i)) for i in cond.sum_of
            )
            return compare_codes(total, cond.operator, cond.value)
        assert cond.score is not None
        score = self.scores.get(cond.score)
        if score is None:
            return False
        if cond.band is not None:
            return score.band == cond.band
        return compare_codes(score.value, cond.operator, cond.value)

    def combine(self, conditions: tuple[Condition, ...], behavior: str) -> bool:
        results = (self.holds(c) for c in conditions)
        return all(results) if behavior == "all" else any(results)


def visible_answers(
    form: FormDefinition, answers: Answers, context: VisitContext = NO_CONTEXT
) -> dict[str, Answer]:
    """The answers of items that skip logic shows, in form order; hidden ones dropped."""
    kept: dict[str, Answer] = {}
    evaluator = ConditionEvaluator(form, kept, context)
    for item in form.items:
        if item.enable_when is not None and not evaluator.combine(
            item.enable_when.conditions, item.enable_when.behavior
        ):
            continue
        kept[item.id] = answers.get(item.id)
    return kept


def visible_items(form: FormDefinition, answers: Answers, context: VisitContext = NO_CONTEXT) -> list[Item]:
    """Items the patient is shown given the answers so far (for the UI and validation)."""
    shown = visible_answers(form, answers, context)
    return [item for item in form.items if item.id in shown]


def active_bands(rule: ScoreRule, evaluator: ConditionEvaluator) -> tuple[Band, ...]:
    """The bands that apply: the first band variant whose conditions hold, else the rule's own."""
    for variant in rule.band_variants:
        if evaluator.combine(variant.conditions, variant.behavior):
            return variant.bands
    return rule.bands


def band_for(rule: ScoreRule, value: int, bands: tuple[Band, ...] | None = None) -> str | None:
    """The id of the band ``value`` falls in (``bands`` defaults to the rule's own)."""
    for band in rule.bands if bands is None else bands:
        if band.min <= value <= band.max:
            return band.id
    return None


def number_total(rule: ScoreRule, answers: Answers) -> float:
    """The sum of the rule's items' number answers (unanswered or hidden: 0)."""
    found = (answers.get(i) for i in rule.items)
    return sum(v for v in found if isinstance(v, (int, float)) and not isinstance(v, bool))


def rule_value(form: FormDefinition, rule: ScoreRule, answers: Answers, context: VisitContext = NO_CONTEXT) -> int:
    """The value of one score rule over (already visibility-filtered) answers.

    ``percent_days_without`` needs the form's recall window, from ``context``.
    """
    if rule.method == "number_sum":
        return round(number_total(rule, answers))
    if rule.method == "percent_days_without":
        window = recall_window(form, context)
        days = window.days if window is not None else 0
        return round(100 * (days - number_total(rule, answers)) / days) if days else 0
    values = [item_score(form, form.item(i), answers.get(i)) for i in rule.items]
    if rule.method == "max":
        return max(values, default=0)
    return sum(values)


def score_form(form: FormDefinition, answers: Answers, context: VisitContext = NO_CONTEXT) -> FormScore:
    """Scores, bands and flags of one form. Hidden items' answers count 0.

    ``context`` carries the visit's other answers and date, for bands and flags that depend
    on them (e.g. cut-offs by sex at birth), and the visit time and the clinic's rules for
    ``hours_since`` flags (the fasting rule); without it the default bands apply and those
    flags are not raised.
    """
    shown = visible_answers(form, answers, context)
    evaluator = ConditionEvaluator(form, shown, context)
    for rule in form.scores:
        value = rule_value(form, rule, shown, context)
        band = band_for(rule, value, active_bands(rule, evaluator))
        evaluator.scores[rule.id] = ScoreValue(value=value, band=band)
    flags = [
        RaisedFlag(form=form.id, id=flag.id, severity=flag.severity, category=flag.category,
                   message=flag.message.en)
        for flag in form.flags
        if evaluator.combine(flag.when, flag.behavior)
    ]
    flags.sort(key=lambda f: 0 if f.severity == "critical" else 1)
    return FormScore(form=form.id, version=form.version, scores=evaluator.scores, flags=flags)


__all__ = [
    "AnswerCode",
    "FormScore",
    "RaisedFlag",
    "ScoreValue",
    "ConditionEvaluator",
    "VisitContext",
    "active_bands",
    "band_for",
    "compare_codes",
    "item_score",
    "rule_value",
    "same_code",
    "score_form",
    "visible_answers",
    "visible_items",
]
