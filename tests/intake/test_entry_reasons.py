"""The reasons the kiosk keeps room for: every reason of every item type, in both languages."""

from __future__ import annotations

import pytest

from kiosk.forms.model import ItemType
from kiosk.intake.entry import parse_us_date, reason, reason_texts


@pytest.mark.parametrize("language", ["en", "es"])
def test_reason_texts_per_type_are_among_all_and_include_required(language: str) -> None:
    every = reason_texts(language)
    for item_type in ItemType:
        texts = reason_texts(language, item_type)
        assert reason("required", language) in texts
        assert set(texts) <= set(every)


@pytest.mark.parametrize("typed", ["01/01/20", "13/01/2000", "02/30/2001", "04/00/2000", "01/01/2999", "01/01/1800"])
def test_a_rejected_date_reads_no_wider_than_the_date_reasons(typed: str) -> None:
    """A shown reason is never longer than the longest one the date screen kept room for."""
    import datetime as dt

    for language in ("en", "es"):
        _iso, why = parse_us_date(typed, language, dt.date(2026, 11, 25))
        assert why is not None
        assert len(why) <= max(len(text) for text in reason_texts(language, ItemType.date))
