"""The every-N-days rule against a real store (SQLite and PostgreSQL): the blind index finds
the patient's earlier visits; a USAUDIT answered 364 days ago is not asked, 366 days ago it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kiosk.care import forms_not_asked, look_up
from kiosk.forms import FormLibrary
from kiosk.forms.recall import local_day
from kiosk.intake.visit import build_submission
from kiosk.store import Store
from tests.store.conftest import visit

USAUDIT_NEVER = {"q1": 0, "q9": 0, "q10": 0}


def earlier_visit(library: FormLibrary, days: int, now: dt.datetime, **kwargs: Any) -> Any:
    data = visit(**kwargs)
    data["responses"]["usaudit"] = USAUDIT_NEVER
    data["submitted_at"] = (now - dt.timedelta(days=days)).isoformat()
    return build_submission(library, data, kiosk_id="lobby-1", now=now)


@pytest.mark.parametrize(("days", "asked"), [(364, False), (366, True)])
def test_usaudit_at_most_every_365_days(store: Store, notes_library: FormLibrary, days: int, asked: bool) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    store.add(earlier_visit(notes_library, days, now))
    history = look_up(store, "Zelda Quorra", dt.date(1971, 3, 9), before=now)
    left_out = forms_not_asked(notes_library.protocols["default"], history, local_day(now))
    assert [n.form for n in left_out] == ([] if asked else ["usaudit"])
    assert history.last_visit == local_day(now - dt.timedelta(days=days))
    if not asked:
        day = local_day(now - dt.timedelta(days=364)).isoformat()
        assert left_out[0].note("USAUDIT") == f"USAUDIT not asked: answered on {day}, asked at most every 365 days"


def test_only_this_patient_and_only_forms_answered_count(store: Store, notes_library: FormLibrary) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    store.add(earlier_visit(notes_library, 10, now, name="Zelda Quorran"))  # someone else
    phq_only = visit()
    phq_only["submitted_at"] = (now - dt.timedelta(days=3)).isoformat()
    store.add(build_submission(notes_library, phq_only, kiosk_id="lobby-1", now=now))
    history = look_up(store, "Zelda Quorra", dt.date(1971, 3, 9), before=now)
    assert history.last_visit == local_day(now - dt.timedelta(days=3))
    assert "usaudit" not in history.answered and "phq9" in history.answered
    assert forms_not_asked(notes_library.protocols["default"], history, local_day(now)) == ()


def test_a_visit_stored_later_does_not_count(store: Store, notes_library: FormLibrary) -> None:
    """``before``: the visit in progress (or one stored after it started) is no earlier visit."""
    now = dt.datetime.now(dt.timezone.utc)
    store.add(earlier_visit(notes_library, 0, now))
    history = look_up(store, "Zelda Quorra", dt.date(1971, 3, 9), before=now - dt.timedelta(minutes=5))
    assert history.last_visit is None and dict(history.answered) == {}
