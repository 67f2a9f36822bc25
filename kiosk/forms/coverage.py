"""Every kind of visit gets exactly one protocol: the check of a clinic's protocol files.

The check-in asks the appointment type (``checkin.appointment_type``); each protocol names
the types it serves. A type served by none would leave a patient with no forms after
check-in, one served by two would leave the choice to file order, so both are load errors.
A folder whose protocols name no types at all runs one list for everyone (the clinic's
``KIOSK_PROTOCOL`` or the default), as before protocols were chosen per visit.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.forms.model import FormDefinition, VisitProtocol
from kiosk.forms.references import forms_read

APPOINTMENT_FORM = "checkin"
APPOINTMENT_ITEM = "appointment_type"
"""The check-in question whose answer chooses the visit's protocol."""

Problem = tuple[str, str, str]
"""(protocol id or "(protocols)", path, reason)."""


def appointment_types(forms: Mapping[str, FormDefinition]) -> tuple[str, ...]:
    """The appointment type codes the check-in offers (none without that question)."""
    checkin = forms.get(APPOINTMENT_FORM)
    if checkin is None or APPOINTMENT_ITEM not in {i.id for i in checkin.items}:
        return ()
    item = checkin.item(APPOINTMENT_ITEM)
    return tuple(str(o.code) for o in checkin.options_of(item))


def _reported_by_order(protocol: VisitProtocol, forms: Mapping[str, FormDefinition]) -> bool:
    """Whether a form before the check-in reads it: the order check already says so."""
    if APPOINTMENT_FORM not in protocol.forms:
        return False
    before = protocol.forms[: protocol.forms.index(APPOINTMENT_FORM)]
    return any(APPOINTMENT_FORM in forms_read(forms[f]) for f in before if f in forms)


def coverage_problems(
    protocols: Mapping[str, VisitProtocol], forms: Mapping[str, FormDefinition]
) -> list[Problem]:
    """Types served by no protocol or by several, unknown types, and chosen protocols that do
    not start with the check-in (the type is answered there)."""
    if not any(p.appointment_types for p in protocols.values()):
        return []
    types = appointment_types(forms)
    problems: list[Problem] = []
    for protocol in protocols.values():
        if not protocol.appointment_types:
            continue
        for code in protocol.appointment_types:
            if code not in types:
                offered = ", ".join(types) or f"none: {APPOINTMENT_FORM}.{APPOINTMENT_ITEM} not found"
                problems.append((protocol.id, "appointment_types",
                                 f"names type {code!r}, which the check-in does not offer ({offered})"))
        if protocol.forms[0] != APPOINTMENT_FORM and not _reported_by_order(protocol, forms):
            problems.append((protocol.id, "forms", f"must start with {APPOINTMENT_FORM!r}: the appointment "
                             "type that chooses this protocol is answered there"))
    for code in types:
        serving = [p.id for p in protocols.values() if code in p.appointment_types]
        if not serving:
            problems.append(("(protocols)", "appointment_types",
                             f"no protocol serves appointment type {code!r}; name it in one protocol's appointment_types"))
        elif len(serving) > 1:
            problems.append(("(protocols)", "appointment_types",
                             f"appointment type {code!r} is served by {len(serving)} protocols "
                             f"({', '.join(serving)}); name it in exactly one"))
    return problems
