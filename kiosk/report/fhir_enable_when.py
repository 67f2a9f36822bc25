"""Our skip logic as FHIR ``enableWhen``, or as an SDC FHIRPath expression where it cannot be.

``enableWhen`` compares one question's answer with a constant. An ``item`` condition maps to
one or more of them (a comparison on a choice item becomes "= any matching option"). A
``sum_of`` condition (e.g. "AUDIT items 2 and 3 sum to more than 0") cannot be said with
``enableWhen`` at all; those items get the SDC ``enableWhenExpression`` extension carrying a
FHIRPath expression instead (SDC forbids having both on one item). Score-item totals get
an SDC ``calculatedExpression`` built from the same per-option score terms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from kiosk.forms.model import Condition, FormDefinition, Item, Option
from kiosk.forms.scoring import compare_codes
from kiosk.report.fhir_answers import coding, fhir_item_type
from kiosk.report.fhir_common import EXT_ENABLE_WHEN_EXPRESSION, code_text

_FHIR_OPERATOR = {"==": "=", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
_ANSWER_KEY = {
    "decimal": "answerDecimal",
    "date": "answerDate",
    "time": "answerTime",
    "string": "answerString",
    "text": "answerString",
}


class _Translated(NamedTuple):
    whens: list[dict[str, Any]] | None  # None: enableWhen cannot express the condition
    combine: str  # how ``whens`` combine: "all" or "any"
    fhirpath: str


def answer_path(link_id: str) -> str:
    """FHIRPath to the answer values of one item anywhere in the response."""
    return f"%resource.repeat(item).where(linkId='{link_id}').answer.value"


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _has_option(form: FormDefinition, item: Item, option: Option) -> str:
    """FHIRPath: ``option`` is among the answers (matched on the code the answer carries,
    the LOINC answer code where the form records one, see fhir_answers.coding)."""
    path = answer_path(item.id)
    if fhir_item_type(form, item) == "boolean":
        return f"{path} contains {code_text(option.code)}"
    return f"{path}.code contains {_quote(coding(form, item, option)['code'])}"


def _choice(form: FormDefinition, item: Item, cond: Condition) -> _Translated:
    boolean = fhir_item_type(form, item) == "boolean"
    matching = [o for o in form.options_of(item) if compare_codes(o.code, cond.operator, cond.value)]
    whens = [
        {"question": item.id, "operator": "=", "answerBoolean": o.code}
        if boolean
        else {"question": item.id, "operator": "=", "answerCoding": coding(form, item, o)}
        for o in matching
    ]
    path = " or ".join(_has_option(form, item, o) for o in matching) or "false"
    return _Translated(whens or None, "any", path)


def _literal(kind: str, value: Any) -> tuple[Any, str] | None:
    """The enableWhen answer value and FHIRPath literal of ``value``, or None on a type clash."""
    if kind == "decimal" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, repr(value)
    if kind in ("date", "time", "string", "text") and isinstance(value, str):
        if kind == "date":
            return value, f"@{value}"
        if kind == "time":
            return f"{value}:00", f"@T{value}:00"
        return value, _quote(value)
    return None


def _compare_expr(expr: str, operator: str, value: Any, literal: Callable[[Any], str | None]) -> str:
    values = value if isinstance(value, list) else [value]
    texts = [literal(v) for v in values]
    if any(t is None for t in texts):
        return "false"
    if operator == "in":
        return "(" + " or ".join(f"{expr} = {t}" for t in texts) + ")"
    if operator == "not_in":
        return "(" + " and ".join(f"{expr} != {t}" for t in texts) + ")"
    return f"{expr} {_FHIR_OPERATOR[operator]} {texts[0]}"


def _scalar(form: FormDefinition, item: Item, cond: Condition) -> _Translated:
    kind = fhir_item_type(form, item)
    path = answer_path(item.id)

    def literal(v: Any) -> str | None:
        found = _literal(kind, v)
        return None if found is None else found[1]

    fhirpath = _compare_expr(path, cond.operator, cond.value, literal)
    values = cond.value if isinstance(cond.value, list) else [cond.value]
    found = [_literal(kind, v) for v in values]
    if kind not in _ANSWER_KEY or any(f is None for f in found):
        return _Translated(None, "all", fhirpath)
    operator = {"in": "=", "not_in": "!="}.get(cond.operator, _FHIR_OPERATOR.get(cond.operator, "="))
    whens = [{"question": item.id, "operator": operator, _ANSWER_KEY[kind]: f[0]} for f in found if f]
    return _Translated(whens, "all" if cond.operator == "not_in" else "any", fhirpath)


def score_expression(form: FormDefinition, item_ids: tuple[str, ...]) -> str:
    """FHIRPath summing the option scores of the chosen answers of ``item_ids``."""
    terms = []
    for item_id in item_ids:
        item = form.item(item_id)
        terms += [
            f"iif({_has_option(form, item, o)}, {o.score}, 0)"
            for o in form.options_of(item)
            if o.score
        ]
    return "(" + (" + ".join(terms) or "0") + ")"


def _int_literal(value: Any) -> str | None:
    return repr(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _translate(form: FormDefinition, cond: Condition) -> _Translated:
    if cond.sum_of is not None:
        expr = _compare_expr(score_expression(form, cond.sum_of), cond.operator, cond.value, _int_literal)
        return _Translated(None, "all", expr)
    assert cond.item is not None  # skip logic never tests a score rule (checked on load)
    item = form.item(cond.item)
    if cond.operator == "exists":
        want = cond.value if isinstance(cond.value, bool) else True
        path = f"{answer_path(item.id)}.{'exists' if want else 'empty'}()"
        return _Translated([{"question": item.id, "operator": "exists", "answerBoolean": want}], "all", path)
    if fhir_item_type(form, item) in ("choice", "boolean"):
        return _choice(form, item, cond)
    return _scalar(form, item, cond)


def enable_when_elements(form: FormDefinition, item: Item) -> dict[str, Any]:
    """The Questionnaire item elements carrying ``item``'s skip logic (empty when none)."""
    if item.enable_when is None:
        return {}
    behavior: str = item.enable_when.behavior
    parts = [_translate(form, c) for c in item.enable_when.conditions]
    whens: list[dict[str, Any]] | None = None
    if all(p.whens is not None for p in parts):
        if len(parts) == 1:
            whens, behavior = parts[0].whens, parts[0].combine
        elif all(len(p.whens or ()) == 1 or p.combine == behavior for p in parts):
            whens = [w for p in parts for w in p.whens or ()]
    if whens is not None:
        return {"enableWhen": whens, **({"enableBehavior": behavior} if len(whens) > 1 else {})}
    joiner = " and " if item.enable_when.behavior == "all" else " or "
    expression = joiner.join(f"({p.fhirpath})" for p in parts)
    return {
        "extension": [
            {
                "url": EXT_ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": expression},
            }
        ]
    }
