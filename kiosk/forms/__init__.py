"""Questionnaires as validated data: models, loading, skip logic and scoring (no Qt).

The names below are imported on first use (PEP 562): ``kiosk.settings`` needs only
``kiosk.forms.rules``, and importing that must not build every form model before the kiosk
draws its first slide.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.forms.answers import AnswerError, check_answers, parse_date_of_birth
    from kiosk.forms.context import VisitContext
    from kiosk.forms.loader import FormLibrary, FormLoadError, FormProblem, load_form_file, load_library
    from kiosk.forms.model import FormDefinition, Item, ItemType, LocalizedText, Option, VisitProtocol
    from kiosk.forms.scoring import FormScore, RaisedFlag, ScoreValue, score_form, visible_items
    from kiosk.forms.variants import item_text

_HOMES = {
    "AnswerError": "kiosk.forms.answers",
    "check_answers": "kiosk.forms.answers",
    "parse_date_of_birth": "kiosk.forms.answers",
    "VisitContext": "kiosk.forms.context",
    "FormLibrary": "kiosk.forms.loader",
    "FormLoadError": "kiosk.forms.loader",
    "FormProblem": "kiosk.forms.loader",
    "load_form_file": "kiosk.forms.loader",
    "load_library": "kiosk.forms.loader",
    "FormDefinition": "kiosk.forms.model",
    "Item": "kiosk.forms.model",
    "ItemType": "kiosk.forms.model",
    "LocalizedText": "kiosk.forms.model",
    "Option": "kiosk.forms.model",
    "VisitProtocol": "kiosk.forms.model",
    "FormScore": "kiosk.forms.scoring",
    "RaisedFlag": "kiosk.forms.scoring",
    "ScoreValue": "kiosk.forms.scoring",
    "score_form": "kiosk.forms.scoring",
    "visible_items": "kiosk.forms.scoring",
    "item_text": "kiosk.forms.variants",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kiosk.forms' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once: later look-ups find it directly
    return value


__all__ = [
    "AnswerError",
    "FormDefinition",
    "FormLibrary",
    "FormLoadError",
    "FormProblem",
    "FormScore",
    "Item",
    "ItemType",
    "LocalizedText",
    "Option",
    "RaisedFlag",
    "ScoreValue",
    "VisitContext",
    "VisitProtocol",
    "check_answers",
    "item_text",
    "load_form_file",
    "load_library",
    "parse_date_of_birth",
    "score_form",
    "visible_items",
]
