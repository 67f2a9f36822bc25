"""Free text is wrapped and continued over pages, never cut off."""

from __future__ import annotations

import random
from pathlib import Path

from kiosk.forms import load_library
from kiosk.report.pdf import render_summary
from kiosk.settings import Settings
from tests.report.conftest import PAGE_OF, body_text, flat, make_visit, page_texts
from kiosk.limits import TEXT_MAX_CHARS
from tests.report.sample_forms import long_text_form, write_forms

WORDS = ("ketamine infusion appointment sister Núñez driving morning tired anxious hopeful "
         "breakfast coffee medication pharmacy Zoë Nguyễn worried sleep walked garden").split()


def _paragraph(rng: random.Random, n: int, words: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return f"Answer-{n:03d}-start {body} answer-{n:03d}-end."


def test_two_hundred_long_answers_paginate_without_loss(tmp_path: Path) -> None:
    library = load_library(write_forms(tmp_path / "forms", long_text_form(200)))
    rng = random.Random(5)
    answers = {f"t{n}": _paragraph(rng, n, rng.randint(60, 140)) for n in range(200)}
    answers["t7"] = "\n".join(_paragraph(rng, 7, 48) for _ in range(12))  # longer than a page, under 5,000 characters
    visit = make_visit(library, {"journal": answers}, name="Zoë Nguyễn")
    pdf = render_summary(visit, library, Settings(clinic_name="Clinic"))
    pages = page_texts(pdf)
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        assert PAGE_OF.findall(flat(page)) == [(str(number), str(len(pages)))]
    t7_pages = [n for n, page in enumerate(pages) if "Answer-007-" in page]
    assert len(set(t7_pages)) >= 2 and len(answers["t7"]) <= TEXT_MAX_CHARS  # one answer runs over a page break
    text = body_text(pdf)
    position = 0
    for n in range(200):
        question = f"{n + 1} Journal question number {n}"
        assert question in text
        found = text.find(flat(answers[f"t{n}"]), position)
        assert found > text.index(question), f"answer t{n} missing or out of order"
        position = found
