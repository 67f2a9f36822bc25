"""Score series built from a patient's visits: by score id, oldest first, infusions marked."""

from __future__ import annotations

from kiosk.care.series import build_series
from kiosk.forms import FormLibrary
from tests.care.visits import GAD7, PHQ9, infusion_series, series_visit


def test_twelve_visits_give_one_series_per_score_in_the_asked_order(library: FormLibrary) -> None:
    visits = infusion_series(library)
    found = {s.key: s for s in build_series(reversed(visits), library)}
    assert list(found) == ["usaudit.total", "usaudit.usaudit_c", "phq9.total", "gad7.total", "asq.risk"]
    assert [p.value for p in found["phq9.total"].points] == list(PHQ9)
    assert [p.value for p in found["gad7.total"].points] == list(GAD7)
    assert [p.visit_id for p in found["phq9.total"].points] == [v.id for v in visits]
    assert [p.infusion for p in found["phq9.total"].points] == [n % 3 != 2 for n in range(12)]
    phq9 = found["phq9.total"]
    assert (phq9.title, phq9.low, phq9.high, phq9.baseline.value) == ("PHQ-9", 0, 27, 20)
    assert [(b.id, b.low, b.high) for b in phq9.bands][:2] == [("minimal", 0, 4), ("mild", 5, 9)]


def test_a_score_only_some_visits_hold_has_only_those_points(library: FormLibrary) -> None:
    visits = [series_visit(library, 0, 12, 9), series_visit(library, 7, 10), series_visit(library, 14, 8, 6)]
    found = {s.key: s for s in build_series(visits, library)}
    assert [p.value for p in found["gad7.total"].points] == [9, 6]
    assert [p.value for p in found["phq9.total"].points] == [12, 10, 8]


def test_a_form_the_library_no_longer_has_is_still_drawn_by_its_ids(library: FormLibrary) -> None:
    visits = infusion_series(library)[:3]
    smaller = FormLibrary(forms={k: v for k, v in library.forms.items() if k != "gad7"})
    gad7 = next(s for s in build_series(visits, smaller) if s.form == "gad7")
    assert (gad7.title, gad7.bands, gad7.low, gad7.high) == ("gad7 total", (), 0, 16)
    assert [p.value for p in gad7.points] == [16, 15, 15]
