"""Which of our forms a foreign QuestionnaireResponse answers.

Tried in order: our canonical; the clinic's alias map; the LOINC panel code (LOINC's
``http://loinc.org/q/<panel>``, a canonical ending in the panel code, or the sender
Questionnaire's ``code``); and last the LOINC codes of the answered items. How the form was
found is kept: answers may be matched by position only when the form was named outright
(panel, alias, sender's Questionnaire), never when it was guessed from the items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.fhir.aliases import FhirAliases
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import FormDefinition
from kiosk.limits import shown_key
from kiosk.report.fhir_common import LOINC, LOINC_QUESTIONNAIRE_BASE, questionnaire_url
from kiosk.report.fhir_import import walk_items

FoundBy = Literal["canonical", "alias", "panel", "questionnaire", "items"]
NAMED: frozenset[FoundBy] = frozenset({"alias", "panel", "questionnaire"})
"""Ways of finding the form that name it outright (position matching is allowed)."""


@dataclass(frozen=True)
class FormMatch:
    """A form, how it was found, the sender's Questionnaire and the clinic's linkId aliases."""

    form: FormDefinition
    found_by: FoundBy
    sender: dict[str, Any] | None = None
    link_aliases: dict[str, str] = field(default_factory=dict)


def loinc_codes(concepts: Any) -> set[str]:
    """The LOINC codes among a list of Codings (``Questionnaire.code``, ``item.code``)."""
    return {str(c["code"]) for c in concepts or [] if isinstance(c, dict) and c.get("code")
            and c.get("system") in (None, LOINC)}


def last_segment(link_id: object) -> str:
    """``/44249-1/44250-9`` -> ``44250-9``: LHC-Forms style paths end in the item's code."""
    return str(link_id).rstrip("/").rsplit("/", 1)[-1]


def sender_questionnaire(response: dict[str, Any], known: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The sender's Questionnaire: contained in the response, or given beside it, by canonical."""
    canonical = str(response.get("questionnaire") or "")
    contained = [r for r in response.get("contained") or [] if isinstance(r, dict)
                 and r.get("resourceType") == "Questionnaire"]
    if canonical.startswith("#"):
        return next((q for q in contained if q.get("id") == canonical[1:]), None)
    url = canonical.partition("|")[0]
    for questionnaire in [*contained, *known]:
        if url and questionnaire.get("url") == url:
            return questionnaire
    return contained[0] if len(contained) == 1 else None


def sender_items(sender: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The sender Questionnaire's items by linkId, nested ones too."""
    return {item["linkId"]: item for _, item in walk_items((sender or {}).get("item"), "")
            if isinstance(item.get("linkId"), str)}


def _by_items(response: dict[str, Any], library: FormLibrary,
              sender: dict[str, dict[str, Any]]) -> tuple[FormDefinition | None, bool]:
    """The form whose item LOINC codes the response's items carry; (form, via sender codes)."""
    own: set[str] = set()
    theirs: set[str] = set()
    for _, entry in walk_items(response.get("item"), ""):
        own.add(last_segment(entry.get("linkId")))
        theirs |= loinc_codes(sender.get(str(entry.get("linkId")), {}).get("code"))
    ranked = []
    for form in library.forms.values():
        codes = {i.loinc for i in form.items if i.loinc}
        for given, via_sender in ((own, False), (theirs, True)):
            hits = len(codes & given)
            if hits:  # then the form the answers cover most of (AUDIT-C's 3 of 3 over AUDIT's 3 of 10)
                ranked.append((hits, hits / len(form.items), via_sender, form))
    if not ranked:
        return None, False
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and ranked[1][:2] == best[:2] and ranked[1][3] is not best[3]:
        return None, False  # two forms fit equally well: do not guess
    return best[3], best[2]


def find_form(response: dict[str, Any], library: FormLibrary, aliases: FhirAliases,
              known: list[dict[str, Any]]) -> FormMatch:
    """The form ``response`` answers; ValueError names what was tried."""
    canonical = response.get("questionnaire")
    url, _, version = str(canonical or "").partition("|")
    sender = sender_questionnaire(response, known)
    for form in library.forms.values():
        if url == questionnaire_url(form.id):
            if version and version != form.version:
                raise ValueError(f"questionnaire: answers are for {form.id} version {version}, "
                                 f"this kiosk has version {form.version}")
            return FormMatch(form, "canonical", sender)
    alias = aliases.of(canonical) or (aliases.of(sender.get("url")) if sender else None)
    if alias is not None:
        if alias.form not in library.forms:
            raise ValueError(f"questionnaire: the alias map names form {shown_key(alias.form)}, "
                             "which is not in the forms folder")
        form = library.forms[alias.form]
        unknown = sorted(set(alias.link_ids.values()) - {item.id for item in form.items})
        if unknown:
            raise ValueError(f"questionnaire: the alias map gives item {shown_key(unknown[0])}, "
                             f"which form {form.id} does not have")
        return FormMatch(form, "alias", sender, dict(alias.link_ids))
    panels = loinc_codes((sender or {}).get("code"))
    for form in library.forms.values():
        if form.loinc and (url == LOINC_QUESTIONNAIRE_BASE + form.loinc or last_segment(url) == form.loinc
                           or form.loinc in panels):
            return FormMatch(form, "panel", sender)
    guessed, via_sender = _by_items(response, library, sender_items(sender))
    if guessed is not None:
        return FormMatch(guessed, "questionnaire" if via_sender else "items", sender)
    named = shown_key(canonical) if canonical else "(none given)"
    raise ValueError(
        f"questionnaire: {named} is not one of this kiosk's forms, and neither a LOINC panel code nor "
        "the items' LOINC codes name one (add the canonical to forms/fhir-aliases.yaml, or give the "
        "sender's Questionnaire with --questionnaire)"
    )
