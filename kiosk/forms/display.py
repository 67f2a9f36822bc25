"""How an answer reads to a person: option labels, yes/no, dates; used by PDF, desk and review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.forms.scoring import item_score, same_code, visible_items
from kiosk.forms.signature_mark import SIGNED_WITH_MARK, signed_with_mark
from kiosk.forms.variants import item_text

_NOT_ANSWERED = {"en": "(not answered)", "es": "(sin respuesta)"}
_SIGNED = {"en": "(signed)", "es": "(firmado)"}


def answer_text(form: FormDefinition, item: Item, answer: Answer, language: str = "en") -> str:
    """The answer as words in ``language``: an option's label, never a bare code."""
    if answer is None or answer == "" or answer == []:
        return _NOT_ANSWERED.get(language, _NOT_ANSWERED["en"])
    if item.type in (ItemType.single_choice, ItemType.yes_no, ItemType.multiple_choice):
        chosen = answer if isinstance(answer, list) else [answer]
        labels = [o.label.get(language) for o in form.options_of(item) if any(same_code(o.code, c) for c in chosen)]
        return ", ".join(labels) if labels else str(answer)
    if item.type is ItemType.signature:
        words = SIGNED_WITH_MARK if signed_with_mark(answer) else _SIGNED
        return words.get(language, words["en"])
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


@dataclass(frozen=True)
class AnswerRow:
    """One shown question with its answer, item score and whether to highlight it."""

    item: Item
    question: str
    answer: str
    score: int | None
    highlighted: bool


def answer_rows(
    form: FormDefinition, answers: Mapping[str, Answer], language: str = "en", context: VisitContext = NO_CONTEXT
) -> list[AnswerRow]:
    """Every item the patient was shown (skip logic applied), in form order, worded as shown."""
    scored = {i for rule in form.scores for i in rule.items}
    rows = []
    for item in visible_items(form, answers, context):
        if item.type is ItemType.info:
            continue
        value = answers.get(item.id)
        chosen = value if isinstance(value, list) else [value]
        rows.append(
            AnswerRow(
                item=item,
                question=item_text(form, item, answers, context).get(language),
                answer=answer_text(form, item, value, language),
                score=item_score(form, item, value) if item.id in scored else None,
                highlighted=any(same_code(h, c) for h in item.highlight for c in chosen),
            )
        )
    return rows
