"""The README's visit JSON section is generated from the forms, and its example is accepted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from kiosk.forms import FormLibrary
from kiosk.forms.answers import check_item_answer
from kiosk.forms.model import FormDefinition, Item, ItemType, LocalizedText
from kiosk.intake.visit_format import ANSWER_FORMATS, BEGIN, END, render_section
from kiosk.settings import Settings
from kiosk.store import Store

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index(BEGIN):text.index(END) + len(END)]


def test_readme_section_is_what_the_forms_say(library: FormLibrary) -> None:
    # After changing a form: python -m kiosk.intake.visit_format README.md
    assert _readme_section() == render_section(library)


def test_readme_example_is_accepted_by_kiosk_submit(tmp_path: Path) -> None:
    [example] = re.findall(r"```json\n(.*?)\n```", _readme_section(), flags=re.S)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-m", "kiosk", "submit", "--visit", "-"], input=example, cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with Store.open(Settings(data_dir=tmp_path / "data")) as store:
        stored = store.get(uuid.UUID(done.stdout.strip()), actor="test")
    visit = json.loads(example)
    assert stored.patient.legal_name == visit["patient"]["legal_name"]
    assert {form: dict(r.answers) for form, r in stored.responses.items()} == visit["responses"]


def test_every_item_type_is_described() -> None:
    assert set(ANSWER_FORMATS) == set(ItemType)


@pytest.mark.parametrize("kind", [k for k, (_, sample) in ANSWER_FORMATS.items() if sample is not None])
def test_the_sample_answer_of_each_type_is_valid(kind: ItemType) -> None:
    text = LocalizedText({"en": "Question", "es": "Pregunta"})
    item = Item(id="x", type=kind, text=text)
    form = FormDefinition(id="f", version="1", title=text, instructions=text, source="test", licence="test",
                          items=(item,))
    assert check_item_answer(form, item, ANSWER_FORMATS[kind][1]) is None
