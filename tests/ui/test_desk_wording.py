"""The front desk's detail view words each question as the patient saw it."""

from __future__ import annotations

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.answered import AnsweredVisit
from kiosk.intake.visit import build_submission
from kiosk.ui.desk.detail_view import submission_html
from tests.report.full_visit import VISIT_TIME, full_visit


@pytest.mark.parametrize(("sex", "drinks"), [("male", 5), ("female", 4)])
def test_detail_shows_usaudit_item_3_as_worded_for_the_patient(library: FormLibrary, sex: str, drinks: int) -> None:
    visit = build_submission(library, full_visit(checkin={"sex_at_birth": sex}), kiosk_id="k", now=VISIT_TIME)
    html = submission_html(AnsweredVisit(visit, library))
    assert f"How often do you have {drinks} or more drinks on one occasion?" in html
    assert f"How often do you have {9 - drinks} or more drinks" not in html
