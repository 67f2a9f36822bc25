"""The visit JSON that ``kiosk submit`` takes, described from the forms themselves.

The README's "Visit JSON" section is this module's output for the bundled forms, so the
field names, item ids and codes it lists are the ones ``build_submission`` checks, and its
example is built by filling those forms and keeping what ``check_answers`` accepts. A test
compares the README with a fresh rendering and submits the README's example.

    python -m kiosk.intake.visit_format README.md    rewrites the section in place
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.forms.answers import check_answers
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.intake.visit import PATIENT_FIELDS

BEGIN = "<!-- visit-json:begin (python -m kiosk.intake.visit_format README.md writes this; a test checks it) -->"
END = "<!-- visit-json:end -->"
EXAMPLE_FORMS = ("phq9", "gad7")
EXAMPLE_PATIENT = {"legal_name": "Alex Example", "date_of_birth": "1980-04-02", "phone": "+1 555 010 0100"}

# How each kind of item is answered in JSON, with a value ``check_item_answer`` accepts.
ANSWER_FORMATS: dict[ItemType, tuple[str, Answer]] = {
    ItemType.single_choice: ("one of the item's codes below", None),
    ItemType.multiple_choice: ("a list of the item's codes (an exclusive code stands alone)", None),
    ItemType.yes_no: ("`true` or `false`", True),
    ItemType.text: ("text", "Prefers afternoon calls"),
    ItemType.number: ("a number within the item's limits", 70),
    ItemType.date: ("a date `YYYY-MM-DD`", "2026-01-15"),
    ItemType.time: ("a 24-hour time `HH:MM`", "07:30"),
    ItemType.phone: ("a phone number (digits, spaces, `+ ( ) . -`)", "+1 555 201 3344"),
    ItemType.signature: ("a drawn signature: a PNG as `data:image/png;base64,…`", None),
    ItemType.info: ("never answered (information only)", None),
}
_NUMBERED = re.compile(r"^([A-Za-z_]*?)(\d+)$")
PATIENT_DESCRIPTIONS = {
    "legal_name": "required; the name on the patient's ID",
    "preferred_name": "optional",
    "date_of_birth": "required; `YYYY-MM-DD`, not in the future",
    "phone": "optional",
}


def _codes(form: FormDefinition, item: Item) -> str:
    options = form.options_of(item)
    if options:
        return ", ".join(f"`{json.dumps(o.code)}` {o.label.en}" for o in options)
    return ANSWER_FORMATS[item.type][0]


def _groups(form: FormDefinition) -> Iterator[tuple[list[Item], str]]:
    """Consecutive items answered the same way (e.g. PHQ-9 q1 … q9), with how."""
    run: list[Item] = []
    how = ""
    for item in form.items:
        if item.type is ItemType.info:
            continue
        text = _codes(form, item)
        key = f"{item.type.value}|{item.required}|{item.enable_when is not None}|{text}"
        if run and key == how:
            run.append(item)
            continue
        if run:
            yield run, _describe(form, run)
        run, how = [item], key
    if run:
        yield run, _describe(form, run)


def _describe(form: FormDefinition, items: list[Item]) -> str:
    first = items[0]
    notes = [first.type.value]
    if not first.required:
        notes.append("optional")
    if first.enable_when is not None:
        notes.append("only when shown by skip logic")
    names = ", ".join(f"`{item.id}`" for item in items)
    numbered = [_NUMBERED.match(item.id) for item in items]
    if len(items) > 2 and all(numbered):
        prefixes = {m.group(1) for m in numbered if m}
        numbers = [int(m.group(2)) for m in numbered if m]
        if len(prefixes) == 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            names = f"`{first.id}` … `{items[-1].id}`"  # q1 … q9: every id in between
    return f"{names} ({', '.join(notes)}): {_codes(form, first)}"


def example_visit(library: FormLibrary, today: dt.date | None = None) -> dict[str, Any]:
    """A visit that ``kiosk submit`` accepts: the example patient and forms, every shown item answered."""
    responses = {}
    for form_id in EXAMPLE_FORMS:
        form = library.forms[form_id]
        filled = {item.id: _sample(form, item) for item in form.items if item.type is not ItemType.info}
        responses[form_id] = check_answers(form, filled, today)  # keeps only the items shown
    return {"patient": dict(EXAMPLE_PATIENT), "language": "en", "responses": responses}


def _sample(form: FormDefinition, item: Item) -> Answer:
    options = form.options_of(item)
    if item.type is ItemType.multiple_choice:
        return [options[0].code]
    if options:
        return options[0].code
    value = ANSWER_FORMATS[item.type][1]
    if item.type is ItemType.number and item.min is not None:
        return item.min
    return value


def _form_order(library: FormLibrary) -> list[str]:
    ordered: list[str] = []
    for protocol in library.protocols.values():
        ordered += [f for f in protocol.forms if f not in ordered and f in library.forms]
    return ordered + sorted(set(library.forms) - set(ordered))


def render_section(library: FormLibrary) -> str:
    """The README section (between the markers), in Markdown."""
    lines = [BEGIN, "", "### Visit JSON (`kiosk submit --visit FILE|-`)", "",
             "One JSON object per visit (`kiosk submit --fhir` takes a FHIR Bundle instead):", "",
             "| field | what it holds |", "| --- | --- |",
             "| `patient` | an object: " + "; ".join(f"`{name}` {PATIENT_DESCRIPTIONS[name]}" for name in PATIENT_FIELDS)
             + ". May be left out when `responses.checkin` holds the same fields |",
             "| `language` | `\"en\"` (default) or `\"es\"`: the language the patient answered in |",
             "| `responses` | an object: form id → {item id → answer}, one entry per form filled in |",
             "| `submitted_at` | optional: when the visit took place, ISO 8601 with its UTC offset "
             "(`2026-03-02T09:30:00-05:00`, or `Z` for UTC), not in the future, so a clinic can load a "
             "patient's earlier visits; without it, now. Dates of birth and ages are checked against it |",
             "",
             "A form that asks about a recall window (`drinking`: \"in the past 7 days\") counts it as the "
             "kiosk does, from the visit's time (`submitted_at`, else now): the days since the patient's "
             "last visit in the store (1 to 30 days before), else the form's own 7 days; the answers' "
             "limits, the score and the PDF's wording all follow that window.",
             "",
             "Every item shown must be answered unless it is optional; an item that skip logic hides is "
             "ignored; an unknown form, item or code is refused. Exit 0 prints the new visit's id; exit 2 "
             "names every bad field (by form and item id, never the answer) and stores nothing; exit 3 "
             "prints the id of a visit kept in the encrypted spool while the database refuses.",
             "", "| item type | answer |", "| --- | --- |"]
    lines += [f"| `{kind.value}` | {text} |" for kind, (text, _) in ANSWER_FORMATS.items()]
    lines += ["", "The bundled forms' item ids and codes (labels in English):", ""]
    for form_id in _form_order(library):
        form = library.forms[form_id]
        lines.append(f"- `{form_id}` — {form.title.en} (version {form.version})")
        lines += [f"  - {text}" for _, text in _groups(form)]
    example = json.dumps(example_visit(library), ensure_ascii=False, indent=2)
    lines += ["", "For example (`kiosk submit --visit visit.json`):", "", "```json", example, "```", "", END]
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    """``text`` with the part from BEGIN to END replaced by ``section``."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + section + text[end:]


def main(argv: list[str]) -> int:
    from kiosk.forms import load_library
    from kiosk.paths import BUNDLED_FORMS

    readme = Path(argv[0]) if argv else Path("README.md")
    text = readme.read_text(encoding="utf-8")
    readme.write_text(replace_section(text, render_section(load_library(BUNDLED_FORMS))), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
