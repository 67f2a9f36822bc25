"""Required code bindings the fhir.resources models do not enforce (a wrong ``status`` passes).

Only the elements we write or read are listed; each value set is the R4 one, copied from
the specification's "required" bindings.
"""

from __future__ import annotations

import re
from typing import Any

REQUIRED_CODES: dict[str, frozenset[str]] = {
    "Bundle.type": frozenset(
        {"document", "message", "transaction", "transaction-response", "batch",
         "batch-response", "history", "searchset", "collection"}
    ),
    "Questionnaire.status": frozenset({"draft", "active", "retired", "unknown"}),
    "Questionnaire.item.type": frozenset(
        {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
         "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}
    ),
    "Questionnaire.item.enableWhen.operator": frozenset({"exists", "=", "!=", ">", "<", ">=", "<="}),
    "Questionnaire.item.enableBehavior": frozenset({"all", "any"}),
    "QuestionnaireResponse.status": frozenset(
        {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
    ),
    "Observation.status": frozenset(
        {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
         "entered-in-error", "unknown"}
    ),
    "Flag.status": frozenset({"active", "inactive", "entered-in-error"}),
    "Patient.gender": frozenset({"male", "female", "other", "unknown"}),
    "Patient.name.use": frozenset({"usual", "official", "temp", "nickname", "anonymous", "old", "maiden"}),
    "Patient.telecom.system": frozenset({"phone", "fax", "email", "pager", "url", "sms", "other"}),
    "Patient.telecom.use": frozenset({"home", "work", "temp", "old", "mobile"}),
}

_NESTED_ITEMS = re.compile(r"(\.item)+")


def _lookup_key(path: str) -> str:
    """``Questionnaire.item[2].item[0].type`` -> ``Questionnaire.item.type``."""
    return _NESTED_ITEMS.sub(".item", re.sub(r"\[\d+\]", "", path))


def _walk(node: Any, path: str, problems: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "resource" or key == "contained":
                continue  # inner resources are checked on their own, with their own type
            _walk(value, f"{path}.{key}", problems)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, f"{path}[{index}]", problems)
    else:
        allowed = REQUIRED_CODES.get(_lookup_key(path))
        if allowed is not None and node not in allowed:
            problems.append(f"{path}: {node!r} is not one of {', '.join(sorted(allowed))}")


def binding_problems(resource: dict[str, Any]) -> list[str]:
    """Every coded element of ``resource`` whose value is outside its required value set."""
    problems: list[str] = []
    _walk(resource, str(resource.get("resourceType", "(resource)")), problems)
    return problems
