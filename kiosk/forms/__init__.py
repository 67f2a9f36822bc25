"""Questionnaires as validated data: models, loading, skip logic and scoring (no Qt)."""

from kiosk.forms.answers import AnswerError, check_answers, parse_date_of_birth
from kiosk.forms.context import VisitContext
from kiosk.forms.loader import FormLibrary, FormLoadError, FormProblem, load_form_file, load_library
from kiosk.forms.model import FormDefinition, Item, ItemType, LocalizedText, Option, VisitProtocol
from kiosk.forms.scoring import FormScore, RaisedFlag, ScoreValue, score_form, visible_items
from kiosk.forms.variants import item_text

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
