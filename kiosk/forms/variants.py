"""Which wording of an item a patient sees, given their answers and the visit's context.

Instruments such as the USAUDIT word a question differently by sex and age ("5 or more
drinks" for men up to 65, "4 or more" for everyone else). The form holds each wording as a
``text_variants`` entry with its conditions; the kiosk, the review screen and the clinician
report all ask here, so they show the wording the patient actually answered.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.model import Answer, FormDefinition, Item, LocalizedText
from kiosk.forms.recall import fill_days, recall_window
from kiosk.forms.scoring import ConditionEvaluator, visible_answers


def item_text(
    form: FormDefinition, item: Item, answers: Mapping[str, Answer], context: VisitContext = NO_CONTEXT
) -> LocalizedText:
    """The first text variant whose conditions hold, else the item's own text; ``{days}``
    filled with the form's recall window for this visit."""
    window = recall_window(form, context)
    if not item.text_variants:
        return fill_days(item.text, window)
    evaluator = ConditionEvaluator(form, visible_answers(form, answers, context), context)
    for variant in item.text_variants:
        if evaluator.combine(variant.conditions, variant.behavior):
            return fill_days(variant.text, window)
    return fill_days(item.text, window)
