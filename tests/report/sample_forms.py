"""Extra forms for report tests: every item type, and a long free-text form."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import yaml

from kiosk.paths import BUNDLED_FORMS


def _text(en: str, es: str | None = None) -> dict[str, str]:
    return {"en": en, "es": es or f"{en} (es)"}


KITCHEN_SINK = {
    "id": "sink",
    "version": "2.1.0",
    "title": _text("Every item type", "Todos los tipos"),
    "instructions": _text("Please answer."),
    "source": "test form",
    "licence": "test",
    "items": [
        {"id": "intro", "type": "info", "text": _text("I consent to the treatment described to me.")},
        {"id": "pregnant", "type": "yes_no", "text": _text("Are you pregnant?", "¿Está embarazada?"),
         "highlight": [True]},
        {"id": "meds", "type": "multiple_choice", "text": _text("Medicines you take"),
         "options": [
             {"code": "benzo", "label": _text("Benzodiazepines", "Benzodiacepinas")},
             {"code": "maoi", "label": _text("MAO inhibitors", "Inhibidores de la MAO")},
             {"code": "none", "label": _text("None of these", "Ninguno")},
         ], "highlight": ["benzo", "maoi"]},
        {"id": "mood", "type": "single_choice", "text": _text("Mood today"),
         "options": [
             {"code": 0, "score": 0, "label": _text("Good", "Bien")},
             {"code": 2, "score": 2, "label": _text("Low", "Decaído")},
         ]},
        {"id": "last_meal", "type": "time", "text": _text("Time of your last meal")},
        {"id": "last_dose", "type": "date", "text": _text("Date of your last dose")},
        {"id": "weight", "type": "number", "text": _text("Weight in kg"), "min": 20, "max": 400},
        {"id": "phone", "type": "phone", "text": _text("Phone")},
        {"id": "notes", "type": "text", "text": _text("Anything else?"), "required": False},
        {"id": "followup", "type": "text", "text": _text("Why is your mood low?"),
         "enable_when": {"conditions": [{"item": "mood", "value": 2}]}},
        {"id": "sig", "type": "signature", "text": _text("Sign here")},
    ],
    "scores": [{"id": "total", "title": _text("Sink total"), "items": ["mood"],
                "bands": [{"id": "ok", "min": 0, "max": 1, "label": _text("Fine")},
                          {"id": "low", "min": 2, "max": 2, "label": _text("Low mood")}]}],
    "flags": [{"id": "pregnant", "severity": "warning",
               "when": [{"item": "pregnant", "value": True}],
               "message": _text("Pregnancy reported: check with the physician before infusion.")}],
}


def long_text_form(count: int, max_length: int | None = None) -> dict[str, object]:
    """A form of ``count`` optional free-text questions (``max_length`` raises the 5,000 default)."""
    limit = {} if max_length is None else {"max_length": max_length}
    return {
        "id": "journal", "version": "1.0.0", "title": _text("Long answers"),
        "instructions": _text("Write freely."), "source": "test form", "licence": "test",
        "items": [{"id": f"t{n}", "type": "text", "required": False,
                   "text": _text(f"Journal question number {n}"), **limit} for n in range(count)],
    }


def write_forms(target: Path, *extra: dict[str, object]) -> Path:
    """A copy of the bundled forms plus ``extra`` forms, with a protocol naming them all."""
    shutil.copytree(BUNDLED_FORMS, target)
    for form in extra:
        (target / f"{form['id']}.yaml").write_text(yaml.safe_dump(form, allow_unicode=True),
                                                   encoding="utf-8")
    return target


def signature_data_url(width: int = 300, height: int = 90) -> str:
    """A real PNG of a scribble, as the kiosk's signature pad stores it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(10, 60), (60, 20), (110, 70), (170, 25), (240, 65), (290, 30)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
