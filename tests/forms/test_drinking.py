"""Drinking since the last visit: the window in the wording, the scores, and the caps."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.forms import FormLibrary
from kiosk.forms.context import VisitContext
from kiosk.forms.model import Answer
from kiosk.forms.recall import answer_cap
from kiosk.forms.variants import item_text
from kiosk.intake.entry import explain
from kiosk.intake.visit import VisitError, build_submission

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.timezone.utc)
TODAY = NOW.astimezone().date()
PATIENT = {"legal_name": "Rosa Díaz", "date_of_birth": "1984-06-02"}


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def submit(library: FormLibrary, answers: dict[str, Answer], last_visit: dt.date | None = None) -> dict[str, int]:
    visit = {"patient": PATIENT, "responses": {"drinking": answers}}
    sub = build_submission(library, visit, kiosk_id="k", now=NOW, last_visit=last_visit)
    return {k: v.value for k, v in sub.responses["drinking"].scores.items()}


def wording(library: FormLibrary, item_id: str, last_visit: dt.date | None, sex: str | None = None,
            language: str = "en") -> str:
    form = library.form("drinking")
    checkin = {"sex_at_birth": sex} if sex else {}
    context = VisitContext({"checkin": checkin}, NOW.date(), NOW, last_visit=last_visit)
    return item_text(form, form.item(item_id), {"drinking_days": 2}, context).get(language)


def test_seven_day_window_when_no_last_visit_is_known(library: FormLibrary) -> None:
    assert submit(library, {"drinking_days": 2, "heavy_days": 1, "typical_drinks": 4}) == {
        "days_abstinent_pct": 71, "heavy_days": 1}  # 100 x 5 / 7 = 71.4
    assert wording(library, "drinking_days", None) == "In the past 7 days, on how many days did you have any alcohol?"


def test_window_since_the_last_visit(library: FormLibrary) -> None:
    assert submit(library, {"drinking_days": 3, "heavy_days": 3, "typical_drinks": 6}, days_ago(12)) == {
        "days_abstinent_pct": 75, "heavy_days": 3}  # 9 of 12 days without alcohol
    assert wording(library, "drinking_days", days_ago(12)) == (
        "In the 12 days since your last visit, on how many days did you have any alcohol?")
    assert wording(library, "drinking_days", days_ago(12), language="es") == (
        "En los 12 días desde su última visita, ¿cuántos días tomó alguna bebida alcohólica?")


def test_thirty_day_window_when_the_last_visit_is_longer_ago(library: FormLibrary) -> None:
    assert submit(library, {"drinking_days": 6, "heavy_days": 2, "typical_drinks": 3}, days_ago(45)) == {
        "days_abstinent_pct": 80, "heavy_days": 2}  # 24 of 30
    assert submit(library, {"drinking_days": 30, "heavy_days": 30, "typical_drinks": 9}, days_ago(30)) == {
        "days_abstinent_pct": 0, "heavy_days": 30}
    assert wording(library, "drinking_days", days_ago(45)).startswith("In the past 30 days,")
    assert wording(library, "drinking_days", days_ago(30)).startswith("In the 30 days since your last visit,")


def test_a_visit_earlier_today_keeps_the_seven_day_window(library: FormLibrary) -> None:
    assert wording(library, "drinking_days", TODAY).startswith("In the past 7 days,")
    assert submit(library, {"drinking_days": 0}, TODAY) == {"days_abstinent_pct": 100, "heavy_days": 0}


@pytest.mark.parametrize(("sex", "drinks"), [("male", 5), ("female", 4), ("other", 4), (None, 4)])
def test_heavy_day_threshold_follows_sex_at_birth(library: FormLibrary, sex: str | None, drinks: int) -> None:
    assert wording(library, "heavy_days", None, sex) == (
        f"In the past 7 days, on how many days did you have {drinks} or more drinks?")
    assert wording(library, "heavy_days", days_ago(9), sex) == (
        f"In the 9 days since your last visit, on how many days did you have {drinks} or more drinks?")


@pytest.mark.parametrize(("answers", "last_visit", "problem"), [
    ({"drinking_days": 8, "heavy_days": 0, "typical_drinks": 2}, None,
     "responses.drinking.drinking_days: must be at most 7, the number of days asked about"),
    ({"drinking_days": 13, "heavy_days": 0, "typical_drinks": 2}, 12,
     "responses.drinking.drinking_days: must be at most 12, the number of days asked about"),
    ({"drinking_days": 2, "heavy_days": 3, "typical_drinks": 2}, None,
     "responses.drinking.heavy_days: must be at most 2, the answer to drinking_days"),
    ({"drinking_days": -1}, None, "responses.drinking.drinking_days: must be at least 0"),
    ({"drinking_days": 2}, None, "responses.drinking.heavy_days: required answer missing"),
])
def test_impossible_counts_are_refused_with_a_clear_message(
    library: FormLibrary, answers: dict[str, Answer], last_visit: int | None, problem: str
) -> None:
    visit = {"patient": PATIENT, "responses": {"drinking": answers}}
    with pytest.raises(VisitError) as caught:
        build_submission(library, visit, kiosk_id="k", now=NOW,
                         last_visit=days_ago(last_visit) if last_visit is not None else None)
    assert problem in caught.value.problems


def test_the_edges_that_are_allowed(library: FormLibrary) -> None:
    assert submit(library, {"drinking_days": 7, "heavy_days": 7, "typical_drinks": 60}) == {
        "days_abstinent_pct": 0, "heavy_days": 7}
    assert submit(library, {"drinking_days": 12, "heavy_days": 0, "typical_drinks": 1}, days_ago(12)) == {
        "days_abstinent_pct": 0, "heavy_days": 0}
    assert submit(library, {"drinking_days": 0, "heavy_days": 5}) == {  # hidden answers count 0
        "days_abstinent_pct": 100, "heavy_days": 0}


def test_the_patient_hears_why_in_their_language(library: FormLibrary) -> None:
    form = library.form("drinking")
    context = VisitContext({}, NOW.date(), NOW, last_visit=days_ago(12))
    days, heavy = form.item("drinking_days"), form.item("heavy_days")
    over_window = answer_cap(form, days, {}, context)
    assert explain(form, days, 13, "es", TODAY, over_window) == (
        "Estas preguntas son sobre 12 días. Escriba un número del 0 al 12.")
    assert explain(form, days, 12, "es", TODAY, over_window) is None
    over_days = answer_cap(form, heavy, {"drinking_days": 2}, context)
    assert explain(form, heavy, 3, "en", TODAY, over_days) == (
        "This cannot be more than your answer to the question before (2).")
