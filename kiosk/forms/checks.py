"""Semantic checks a schema cannot express: ids, references, option scores, band coverage.

Each check yields ``(path, reason)``; the loader adds the file name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping

from kiosk.forms.model import (
    CHOICE_TYPES,
    Band,
    Condition,
    FormDefinition,
    ItemType,
    ScoreRule,
    VisitProtocol,
)
from kiosk.forms.rules import LICENSED_FORMS_SETTING

Problem = tuple[str, str]


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dup = []
    for i in ids:
        if i in seen and i not in dup:
            dup.append(i)
        seen.add(i)
    return dup


def _check_ids(form: FormDefinition) -> Iterator[Problem]:
    for kind, ids in (
        ("items", [i.id for i in form.items]),
        ("scores", [s.id for s in form.scores]),
        ("flags", [f.id for f in form.flags]),
    ):
        for dup in _duplicates(ids):
            yield f"{kind}.{dup}.id", f"duplicate id {dup!r}"
    for set_name, options in form.option_sets.items():
        for dup in _duplicates([repr(o.code) + type(o.code).__name__ for o in options]):
            yield f"option_sets.{set_name}", f"duplicate option code {dup}"
        for dup in _duplicates([o.loinc for o in options if o.loinc]):
            yield f"option_sets.{set_name}", f"duplicate option loinc {dup!r}"
    # FHIR answers keyed by LOINC must name exactly one item.
    for dup in _duplicates([i.loinc for i in form.items if i.loinc]):
        yield "items", f"duplicate item loinc {dup!r}"


def _check_items(form: FormDefinition) -> Iterator[Problem]:
    for item in form.items:
        where = f"items.{item.id}"
        if isinstance(item.options, str) and item.options not in form.option_sets:
            defined = ", ".join(form.option_sets) or "none"
            yield f"{where}.options", f"unknown option set {item.options!r} (defined in option_sets: {defined})"
            continue
        if item.type in CHOICE_TYPES and item.type is not ItemType.yes_no and not item.options:
            yield f"{where}.options", f"a {item.type.value} item needs options"
        if item.type not in CHOICE_TYPES and item.options:
            yield f"{where}.options", f"a {item.type.value} item cannot have options"
        if item.type is not ItemType.multiple_choice and any(o.exclusive for o in form.options_of(item)):
            yield f"{where}.options", "exclusive options only make sense in a multiple_choice item"
        if isinstance(item.options, tuple):
            for dup in _duplicates([repr(o.code) + type(o.code).__name__ for o in item.options]):
                yield f"{where}.options", f"duplicate option code {dup}"
        earlier = {i.id for i in form.items[: form.items.index(item)]}
        if item.enable_when is not None:
            for n, cond in enumerate(item.enable_when.conditions):
                at = f"{where}.enable_when.conditions.{n}"
                if cond.form is not None:
                    # the FHIR Questionnaire export says skip logic as enableWhen, within one form
                    yield at, "skip logic cannot read another form; use text_variants or band_variants"
                    continue
                yield from _check_condition(form, cond, at, earlier)
        for v, variant in enumerate(item.text_variants):
            for n, cond in enumerate(variant.conditions):
                yield from _check_condition(form, cond, f"{where}.text_variants.{v}.conditions.{n}", earlier)


def _check_condition(
    form: FormDefinition, cond: Condition, where: str, earlier: set[str] | None
) -> Iterator[Problem]:
    if cond.form is not None:
        if cond.form == form.id:
            yield where, f"names its own form {cond.form!r}; leave out form for this form's items"
        return  # another form's item: checked with the whole library (check_references)
    known = {i.id for i in form.items}
    for ref in ([cond.item] if cond.item else []) + list(cond.sum_of or ()):
        if ref not in known:
            yield where, f"names unknown item {ref!r}"
        elif earlier is not None and ref not in earlier:
            yield where, f"names item {ref!r}, which does not come before this item"
    if cond.recall is not None and (form.recall is None or not form.recall.since_last_visit_up_to):
        yield where, "recall: since_last_visit needs the form's recall.since_last_visit_up_to"
    if cond.hours_since is not None:
        yield from _check_hours_since(form, cond, cond.hours_since, where, earlier is not None)
    if cond.score is not None:
        if earlier is not None:
            yield where, "skip logic cannot depend on a score rule"
        elif cond.score not in {s.id for s in form.scores}:
            yield where, f"names unknown score {cond.score!r}"
        elif cond.band is not None:
            bands = {b.id for b in form.score_rule(cond.score).bands}
            if cond.band not in bands:
                yield where, f"names unknown band {cond.band!r} of score {cond.score!r}"


def _check_hours_since(form: FormDefinition, cond: Condition, item_id: str, where: str,
                       in_skip_logic: bool) -> Iterator[Problem]:
    """``hours_since`` names an earlier time item and compares with a number of hours."""
    if in_skip_logic:
        yield where, "skip logic cannot depend on the visit time (hours_since)"
    elif item_id not in {i.id for i in form.items}:
        yield where, f"names unknown item {item_id!r}"
    elif form.item(item_id).type is not ItemType.time:
        yield where, f"hours_since needs a time item; {item_id!r} is a {form.item(item_id).type.value} item"
    elif cond.value is not None and (isinstance(cond.value, bool) or not isinstance(cond.value, (int, float))):
        yield where, "hours_since compares with a number of hours"


def possible_range(form: FormDefinition, rule: ScoreRule) -> tuple[int, int]:
    """Lowest and highest value a rule can take; skippable or optional items may give 0."""
    if rule.method == "percent_days_without":
        return 0, 100
    lows: list[int] = []
    highs: list[int] = []
    for item_id in rule.items:
        item = form.item(item_id)
        scores = [o.score or 0 for o in form.options_of(item)] or [0]
        if item.type is ItemType.number:
            scores = [int(item.min or 0), int(item.max if item.max is not None else 0)]
        if item.type is ItemType.multiple_choice:
            low, high = min(0, sum(s for s in scores if s < 0)), sum(s for s in scores if s > 0)
        else:
            low, high = min(scores), max(scores)
        if not item.required or item.enable_when is not None:
            low, high = min(low, 0), max(high, 0)
        lows.append(low)
        highs.append(high)
    if rule.method == "max":
        return max(lows), max(highs)
    return sum(lows), sum(highs)


NUMBER_METHODS = ("number_sum", "percent_days_without")


def _check_number_rule(form: FormDefinition, rule: ScoreRule, where: str) -> Iterator[Problem]:
    """A rule over number answers: number items only, no bands (their range is open), and
    a percent of days needs the form's recall window."""
    known = {i.id: i for i in form.items}
    for item_id in rule.items:
        item = known.get(item_id)
        if item is None:
            yield f"{where}.items", f"names unknown item {item_id!r}"
        elif item.type is not ItemType.number:
            yield f"{where}.items", f"method {rule.method} adds number answers; {item_id!r} is a {item.type.value} item"
    if rule.bands or rule.band_variants:
        yield f"{where}.bands", f"a {rule.method} score has no bands"
    if rule.method == "percent_days_without" and form.recall is None:
        yield f"{where}.method", "percent_days_without needs the form's recall (the days asked about)"


def _check_at_most(form: FormDefinition) -> Iterator[Problem]:
    """``at_most`` caps a number answer by an earlier number item or the recall window."""
    for position, item in enumerate(form.items):
        if item.at_most is None:
            continue
        where = f"items.{item.id}.at_most"
        if item.type is not ItemType.number:
            yield where, f"only a number item can have at_most; {item.id!r} is a {item.type.value} item"
        elif item.at_most == "recall_days":
            if form.recall is None:
                yield where, "recall_days needs the form's recall (the days asked about)"
        elif item.at_most not in {i.id for i in form.items[:position] if i.type is ItemType.number}:
            yield where, f"must name an earlier number item or recall_days, not {item.at_most!r}"


def _check_rule(form: FormDefinition, rule: ScoreRule) -> Iterator[Problem]:
    where = f"scores.{rule.id}"
    if rule.method in NUMBER_METHODS:
        yield from _check_number_rule(form, rule, where)
        return
    known = {i.id: i for i in form.items}
    bad = False
    for item_id in rule.items:
        item = known.get(item_id)
        if item is None:
            yield f"{where}.items", f"names unknown item {item_id!r}"
            bad = True
            continue
        if item.type not in CHOICE_TYPES:
            yield f"{where}.items", f"item {item_id!r} is a {item.type.value} item and has no score"
            bad = True
            continue
        if isinstance(item.options, str) and item.options not in form.option_sets:
            bad = True
            continue
        if any(option.score is None for option in form.options_of(item)):
            bad = True  # reported once per option list by _check_option_scores
    if bad or not rule.bands:
        if rule.band_variants and not rule.bands:
            yield f"{where}.band_variants", "band variants need default bands (used when no variant holds)"
        return
    yield from _check_bands(form, rule, rule.bands, where)
    labels = {b.id: b.label for b in rule.bands}
    for v, variant in enumerate(rule.band_variants):
        at = f"{where}.band_variants.{v}"
        yield from _check_bands(form, rule, variant.bands, at)
        if {b.id for b in variant.bands} != set(labels):
            yield f"{at}.bands", f"must have the same band ids as the default bands ({', '.join(labels)})"
        for band in variant.bands:
            if band.id in labels and band.label != labels[band.id]:
                yield f"{at}.bands.{band.id}", "label differs from the default band of the same id"
        for n, cond in enumerate(variant.conditions):
            yield from _check_condition(form, cond, f"{at}.conditions.{n}", None)


def _code_text(code: object) -> str:
    if isinstance(code, bool):
        return "true" if code else "false"
    return repr(code)


def _check_option_scores(form: FormDefinition) -> Iterator[Problem]:
    """Options without a score in a summed item, once per option list (a shared set once)."""
    missing: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for rule in form.scores:
        for item_id in rule.items:
            item = next((i for i in form.items if i.id == item_id), None)
            if item is None or item.type not in CHOICE_TYPES:
                continue
            if isinstance(item.options, str) and item.options not in form.option_sets:
                continue
            where = f"option_sets.{item.options}" if isinstance(item.options, str) else f"items.{item.id}.options"
            for option in form.options_of(item):
                if option.score is None:
                    items, rules = missing.setdefault((where, _code_text(option.code)), ([], []))
                    if item_id not in items:
                        items.append(item_id)
                    if rule.id not in rules:
                        rules.append(rule.id)
    for (where, code), (items, rules) in missing.items():
        used_by = "item " + items[0] if len(items) == 1 else "items " + ", ".join(items)
        scores = ", ".join(repr(r) for r in rules)
        yield where, f"option {code} has no score, but score {scores} adds up {used_by}"


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _check_bands(
    form: FormDefinition, rule: ScoreRule, rule_bands: tuple[Band, ...], where: str
) -> Iterator[Problem]:
    """The bands cover every possible score of the rule once, without gaps or overlaps."""
    low, high = possible_range(form, rule)
    bands = sorted(rule_bands, key=lambda b: (b.min, b.max))
    for dup in _duplicates([b.id for b in rule_bands]):
        yield f"{where}.bands", f"duplicate band id {dup!r}"
    for band in bands:
        if band.min > band.max:
            yield f"{where}.bands.{band.id}", f"min {band.min} is greater than max {band.max}"
            return
    expected = low
    covering: str | None = None
    for band in bands:
        if band.min > expected:
            yield f"{where}.bands", f"gap: no band covers {_span(expected, band.min - 1)}"
        elif band.min < expected:
            yield f"{where}.bands.{band.id}", (
                f"overlap: {_span(band.min, min(band.max, expected - 1))} is also in band {covering!r}"
                if band.min >= low
                else f"starts at {band.min}, below the lowest possible score {low}"
            )
        if band.max + 1 > expected:
            expected, covering = band.max + 1, band.id
    if expected <= high:
        yield f"{where}.bands", f"gap: no band covers {_span(expected, high)} (highest possible {high})"
    elif bands and bands[-1].max > high:
        yield f"{where}.bands.{bands[-1].id}", f"ends at {bands[-1].max}, above the highest possible score {high}"


def check_form(form: FormDefinition) -> list[Problem]:
    """Every semantic problem in one parsed form."""
    problems = list(_check_ids(form))
    problems += list(_check_items(form))
    problems += list(_check_option_scores(form))
    problems += list(_check_at_most(form))
    for rule in form.scores:
        problems += list(_check_rule(form, rule))
    for flag in form.flags:
        for n, cond in enumerate(flag.when):
            problems += list(_check_condition(form, cond, f"flags.{flag.id}.when.{n}", None))
    return problems


def _unlicensed(protocol: VisitProtocol, forms: Mapping[str, FormDefinition],
                licensed: Collection[str]) -> Iterator[Problem]:
    for form_id in dict.fromkeys(protocol.forms):
        form = forms.get(form_id)
        if form is not None and form.licence_required and form_id not in licensed:
            yield "forms", (
                f"uses form {form_id!r}, which needs a licence ({form.licence_required.strip()}); "
                f"once the clinic holds it, add {form_id} to {LICENSED_FORMS_SETTING} "
                "(comma-separated form ids), or use another form"
            )


def check_protocol(
    protocol: VisitProtocol, forms: Mapping[str, FormDefinition], broken: Collection[str] = (),
    licensed: Collection[str] = (),
) -> list[Problem]:
    """A protocol may only name forms that exist, each once, and licensed forms only when
    the clinic's settings say it holds the licence (``licensed``).

    Forms in ``broken`` exist but failed to load; their own file's problems are reported.
    """
    known = ", ".join(sorted(forms)) or "none"
    problems = [
        ("forms", f"names unknown form {form_id!r} (forms in this folder: {known})")
        for form_id in protocol.forms
        if form_id not in forms and form_id not in broken
    ]
    problems += [("forms", f"names form {d!r} twice") for d in _duplicates(list(protocol.forms))]
    problems += list(_unlicensed(protocol, forms, licensed))
    problems += [
        ("at_most_every_days", f"names form {form_id!r}, which this protocol does not run")
        for form_id in protocol.at_most_every_days if form_id not in protocol.forms
    ]
    problems += [
        (f"at_most_every_days.{form_id}", "must be a whole number of days, 1 or more")
        for form_id, days in protocol.at_most_every_days.items() if days < 1
    ]
    return problems
