"""A foreign response's items mapped onto one form's items and scores.

Each answered item is ours by: our linkId; the clinic's linkId alias; its LOINC code as
linkId (``44250-9``, ``/44250-9``, ``/44249-1/44250-9``); or the sender Questionnaire's
``item.code``. Items carrying a score (``score.total`` or the score's LOINC code) give the
sender's total, which is compared with ours later, never used instead of the answers. When
some items stay unknown and the form was named outright, the answered items may be taken
by position, but only when they are exactly the form's items (all, or all required) in
published order; the visit then carries a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.fhir.choices import read_answer
from kiosk.fhir.form_match import NAMED, FormMatch, last_segment, loinc_codes, sender_items
from kiosk.forms.model import Answer, Item, ItemType
from kiosk.limits import shown_key
from kiosk.report.fhir_common import SCORE_LINK_PREFIX
from kiosk.report.fhir_import import walk_items

POSITION_NOTE = "items matched by position, check the answers"


@dataclass
class Mapped:
    """One response read: our answers, the sender's totals, and whether position was used."""

    answers: dict[str, Answer] = field(default_factory=dict)
    sender_totals: dict[str, int] = field(default_factory=dict)
    by_position: bool = False


def _total(given: list[dict[str, Any]]) -> int | None:
    for answer in given:
        quantity = answer.get("valueQuantity")
        values = [answer.get("valueInteger"), answer.get("valueDecimal"),
                  quantity.get("value") if isinstance(quantity, dict) else None]
        for value in values:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return round(value)
    return None


class _Keys:
    """Our items and scores under every name a sender may use for them."""

    def __init__(self, match: FormMatch) -> None:
        form = match.form
        self.by_id = {item.id: item for item in form.items}
        self.by_loinc = {item.loinc: item for item in form.items if item.loinc}
        self.aliases = match.link_aliases
        self.scores = {f"{SCORE_LINK_PREFIX}{rule.id}": rule.id for rule in form.scores}
        self.scores |= {rule.loinc: rule.id for rule in form.scores if rule.loinc}
        self.sender = sender_items(match.sender)

    def item(self, link_id: str) -> Item | None:
        codes = [last_segment(link_id), *sorted(loinc_codes(self.sender.get(link_id, {}).get("code")))]
        found = self.by_id.get(link_id) or self.by_id.get(self.aliases.get(link_id, ""))
        return found or next((self.by_loinc[c] for c in codes if c in self.by_loinc), None)

    def score(self, link_id: str) -> str | None:
        codes = [link_id, last_segment(link_id), *sorted(loinc_codes(self.sender.get(link_id, {}).get("code")))]
        return next((self.scores[c] for c in codes if c in self.scores), None)


def _positions(match: FormMatch, leaves: list[tuple[str, dict[str, Any], Item | None]],
               problems: list[str]) -> list[tuple[str, dict[str, Any], Item | None]] | None:
    """The leaves with items given by position, or None when position cannot be trusted."""
    if match.found_by not in NAMED:
        return None
    shown = [i for i in match.form.items if i.type is not ItemType.info]
    for expected in (shown, [i for i in shown if i.required]):
        if len(expected) == len(leaves):
            clashes = [path for (path, _, item), ours in zip(leaves, expected) if item is not None and item is not ours]
            if clashes:
                problems.append(f"{clashes[0]}: items are in another order than form {match.form.id}'s, "
                                "so they cannot be matched by position")
                return []
            return [(path, entry, ours) for (path, entry, _), ours in zip(leaves, expected)]
    return None


def map_response(match: FormMatch, response: dict[str, Any], where: str, problems: list[str]) -> Mapped:
    """Our answers for ``response`` (problems appended, naming item and reason)."""
    keys = _Keys(match)
    mapped = Mapped()
    leaves: list[tuple[str, dict[str, Any], Item | None]] = []
    for path, entry in walk_items(response.get("item"), where):
        link_id, given = str(entry.get("linkId")), entry.get("answer") or []
        if not given:
            continue  # a group, or an item left unanswered
        rule_id = keys.score(link_id)
        if rule_id is not None:
            total = _total(given)
            if total is not None:
                mapped.sender_totals[rule_id] = total
            continue
        leaves.append((path, entry, keys.item(link_id)))
    unknown = [(path, entry) for path, entry, item in leaves if item is None]
    if unknown:
        placed = _positions(match, leaves, problems)
        if placed is None:
            for path, entry in unknown:
                problems.append(f"{path}: linkId {shown_key(entry.get('linkId'))} is not an item of form "
                                f"{match.form.id} (by our id, LOINC code or the sender's Questionnaire)")
            return mapped
        leaves, mapped.by_position = placed, True
    for path, entry, item in leaves:
        if item is None:
            continue  # reported above
        if item.id in mapped.answers:
            problems.append(f"{path}: item {item.id} is answered twice")
            continue
        try:
            mapped.answers[item.id] = read_answer(match.form, item, entry["answer"],
                                                  keys.sender.get(str(entry.get("linkId"))))
        except ValueError as exc:
            problems.append(f"{path} ({item.id}): {exc}")
    return mapped
