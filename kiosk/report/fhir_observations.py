"""A form's scores as FHIR R4 Observations: one per score, and a panel per instrument.

They follow US Core Observation Screening Assessment (category ``survey``, a code, the
patient as subject, a value or members): each score Observation has ``valueInteger``,
``derivedFrom`` its QuestionnaireResponse and the band in ``interpretation``; the panel
Observation (coded with the form's LOINC panel code where it has one, e.g. PHQ-9 44249-1)
has no value and lists the instrument's scores in ``hasMember``.

Interpretation: the HL7 v3 ObservationInterpretation code that fits the band, then our band
as a second coding, and the band's label as text. Which v3 code fits is read from the band
set the visit used (band variants included): a ``negative``/``positive`` band id (AUDIT-C,
ASQ) is NEG/POS; otherwise the band starting at the set's lowest score is N (normal) and
every other band A (abnormal). No finer v3 code (H, HH...) is claimed: "moderately severe
depression" is not a reference-range "high".
"""

from __future__ import annotations

from typing import Any

from kiosk.forms.context import NO_CONTEXT, VisitContext
from kiosk.forms.model import Band, FormDefinition, ScoreRule
from kiosk.forms.scoring import ConditionEvaluator, ScoreValue, active_bands, visible_answers
from kiosk.intake.submission import FormResponse
from kiosk.report.fhir_common import (
    CANONICAL_BASE,
    LOINC,
    OBSERVATION_CATEGORY,
    US_CORE_SCREENING,
    score_system,
)

V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
_V3_DISPLAY = {"N": "Normal", "A": "Abnormal", "NEG": "Negative", "POS": "Positive"}
_SURVEY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}


def band_system(form: FormDefinition, rule: ScoreRule) -> str:
    """The code system of one score's band ids."""
    return f"{CANONICAL_BASE}/CodeSystem/{form.id}-{rule.id}-bands"


def v3_code(band: Band, bands: tuple[Band, ...]) -> str:
    """The HL7 v3 ObservationInterpretation code of ``band`` within its set (module docstring)."""
    if "negative" in band.id:
        return "NEG"
    if "positive" in band.id:
        return "POS"
    return "N" if band.min == min(b.min for b in bands) else "A"


def _band_used(
    form: FormDefinition, rule: ScoreRule, score: ScoreValue, response: FormResponse, context: VisitContext
) -> tuple[Band, tuple[Band, ...]] | None:
    """The band the score fell in and the set it came from (the variant the visit used)."""
    evaluator = ConditionEvaluator(form, visible_answers(form, response.answers, context), context)
    bands = active_bands(rule, evaluator)
    band = next((b for b in bands if b.id == score.band), None)
    if band is None:  # stored under a definition whose conditions no longer pick this set
        band = rule.band(score.band)
        bands = rule.bands if band is None or band in rule.bands else (band,)
    return (band, bands) if band is not None else None


def interpretation(
    form: FormDefinition, rule: ScoreRule, score: ScoreValue, response: FormResponse, context: VisitContext
) -> list[dict[str, Any]]:
    """``Observation.interpretation``: v3 code, our band code, the band's label as text."""
    used = _band_used(form, rule, score, response, context)
    if used is None:
        return []
    band, bands = used
    code = v3_code(band, bands)
    return [{
        "coding": [
            {"system": V3_INTERPRETATION, "code": code, "display": _V3_DISPLAY[code]},
            {"system": band_system(form, rule), "code": band.id, "display": band.label.en},
        ],
        "text": band.label.en,
    }]


def _score_code(form: FormDefinition, rule: ScoreRule) -> dict[str, Any]:
    system = LOINC if rule.loinc else score_system(form)
    return {"coding": [{"system": system, "code": rule.loinc or rule.id, "display": rule.title.en}],
            "text": rule.title.en}


def _common(subject: str, when: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "meta": {"profile": [US_CORE_SCREENING]},
        "status": "final",
        "category": [_SURVEY],
    } | {"subject": {"reference": subject}, "effectiveDateTime": when}


def observation_resource(
    form: FormDefinition, rule: ScoreRule, score: ScoreValue, response: FormResponse,
    refs: tuple[str, str, str], context: VisitContext = NO_CONTEXT,
) -> dict[str, Any]:
    """One score as a survey Observation; ``refs`` = (subject, derivedFrom, effective time)."""
    subject, derived_from, when = refs
    resource = _common(subject, when) | {
        "code": _score_code(form, rule),
        "valueInteger": score.value,
        "derivedFrom": [{"reference": derived_from}],
    }
    found = interpretation(form, rule, score, response, context)
    if found:
        resource["interpretation"] = found
    return resource


def panel_code(form: FormDefinition) -> dict[str, Any]:
    """The panel's code: the form's LOINC panel code, else ours (``<form>-scores#panel``)."""
    system = LOINC if form.loinc else score_system(form)
    return {"coding": [{"system": system, "code": form.loinc or "panel", "display": form.title.en}],
            "text": form.title.en}


def panel_resource(form: FormDefinition, members: list[str], refs: tuple[str, str, str]) -> dict[str, Any]:
    """The instrument's panel Observation: no value, ``hasMember`` each score Observation."""
    subject, derived_from, when = refs
    return _common(subject, when) | {
        "code": panel_code(form),
        "hasMember": [{"reference": member} for member in members],
        "derivedFrom": [{"reference": derived_from}],
    }
