"""Checks of conditions that read another form's answers (``form:``), over the whole library.

A single form file cannot tell whether ``checkin.sex_at_birth`` exists, so these run once
every form is loaded. A visit protocol must also ask the form read from before the form
that reads it, or the patient would see the default wording where a variant was meant.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping

from kiosk.forms.model import Condition, FormDefinition, ItemType, VisitProtocol

Problem = tuple[str, str]


def form_conditions(form: FormDefinition) -> Iterator[tuple[str, Condition]]:
    """Every condition in the form with its path: skip logic, text and band variants, flags."""
    for item in form.items:
        if item.enable_when is not None:
            for n, cond in enumerate(item.enable_when.conditions):
                yield f"items.{item.id}.enable_when.conditions.{n}", cond
        for v, variant in enumerate(item.text_variants):
            for n, cond in enumerate(variant.conditions):
                yield f"items.{item.id}.text_variants.{v}.conditions.{n}", cond
    for rule in form.scores:
        for v, band_variant in enumerate(rule.band_variants):
            for n, cond in enumerate(band_variant.conditions):
                yield f"scores.{rule.id}.band_variants.{v}.conditions.{n}", cond
    for flag in form.flags:
        for n, cond in enumerate(flag.when):
            yield f"flags.{flag.id}.when.{n}", cond


def forms_read(form: FormDefinition) -> set[str]:
    """Ids of the other forms whose answers this form's conditions read."""
    return {c.form for _, c in form_conditions(form) if c.form is not None and c.form != form.id}


def check_references(
    form: FormDefinition, forms: Mapping[str, FormDefinition], broken: Collection[str] = ()
) -> list[Problem]:
    """Each ``form:`` condition names a loaded form and one of its items; ``as_age`` a date item."""
    problems: list[Problem] = []
    for where, cond in form_conditions(form):
        if cond.form is None:
            if cond.as_age and cond.item is not None and _item_type(form, cond.item) not in (None, ItemType.date):
                problems.append((where, f"as_age needs a date item; {cond.item!r} is not one"))
            continue
        if cond.form == form.id or cond.form in broken:
            continue  # own form: reported by the form's checks; broken: its file's problems say why
        other = forms.get(cond.form)
        if other is None:
            known = ", ".join(sorted(forms)) or "none"
            problems.append((where, f"names unknown form {cond.form!r} (forms in this folder: {known})"))
            continue
        kind = _item_type(other, cond.item or "")
        if kind is None:
            problems.append((where, f"names item {cond.item!r}, which form {cond.form!r} does not have"))
        elif cond.as_age and kind is not ItemType.date:
            problems.append((where, f"as_age needs a date item; {cond.form}.{cond.item} is a {kind.value} item"))
    return problems


def _item_type(form: FormDefinition, item_id: str) -> ItemType | None:
    return next((i.type for i in form.items if i.id == item_id), None)


def check_protocol_order(protocol: VisitProtocol, forms: Mapping[str, FormDefinition]) -> list[Problem]:
    """A form that reads another form of the protocol must come after it."""
    problems: list[Problem] = []
    order = list(protocol.forms)
    for position, form_id in enumerate(order):
        form = forms.get(form_id)
        if form is None:
            continue
        for read in sorted(forms_read(form)):
            if read in order and order.index(read) > position:
                problems.append(("forms", f"form {form_id!r} reads answers of {read!r}, so {read!r} must come first"))
    return problems
