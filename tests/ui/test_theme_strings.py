"""Stylesheets from resources/styles and the kiosk's own words in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.intake.entry import _REASONS
from kiosk.ui.strings import STRINGS, tr
from kiosk.ui.theme import HIGH_CONTRAST, STYLES_DIR, build_stylesheet, clinic_theme


def test_stylesheets_fill_every_placeholder() -> None:
    sheet = build_stylesheet(clinic_theme("#aa3300"), "A+")
    assert "{{" not in sheet and "#aa3300" in sheet and "font-size: 25pt" in sheet
    files = sorted(p.name for p in STYLES_DIR.glob("*.qss"))
    assert files == sorted(files) and len(files) >= 3


def test_unknown_placeholder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "00_x.qss").write_text("QLabel { color: {{ acent }}; }", encoding="utf-8")
    with pytest.raises(KeyError, match="acent"):
        build_stylesheet(HIGH_CONTRAST, "A", tmp_path)


@pytest.mark.parametrize("table", [STRINGS, _REASONS], ids=["chrome", "entry-reasons"])
def test_every_text_exists_in_english_and_spanish(table: dict[str, dict[str, str]]) -> None:
    for key, texts in table.items():
        assert set(texts) == {"en", "es"}, key
        assert all(t.strip() for t in texts.values()), key
        assert texts["en"] != texts["es"] or key in ("no",), key


def test_tr_fills_values() -> None:
    assert tr("question_of", "es", form="GAD-7", n=2, count=7) == "GAD-7 · pregunta 2 de 7"
