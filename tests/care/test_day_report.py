"""The day report's figures on a seeded day, worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from kiosk.care.day_report import DayReport, ScreenFigure, day_report
from kiosk.forms import FormLibrary, load_library
from kiosk.fleet.escalation import review as review_now
from kiosk.settings import Settings
from kiosk.store import Store
from tests.care.day_seed import DAY, local, make_visit, review, seed_sessions, trail


def seed_day(store: Store, library: FormLibrary) -> None:
    """Six visits on DAY (four critical: reviewed after 5, 12 and 30 minutes, one never) and
    one on each neighbouring day; ten sessions on DAY and one the day before."""
    first = make_visit(library, local(9), "first_consult")
    crit_5 = make_visit(library, local(9, 30), "infusion", q9=1)
    crit_12 = make_visit(library, local(10), "infusion", q9=2)
    crit_30 = make_visit(library, local(11), "follow_up", q9=1)
    crit_open = make_visit(library, local(12), "follow_up", q9=1)
    other = make_visit(library, local(13), "other", q1=2)
    before = make_visit(library, local(23, 59, DAY - dt.timedelta(days=1)), "infusion", q9=1)
    after = make_visit(library, local(0, 1, DAY + dt.timedelta(days=1)), "infusion")
    store.add_many([first, crit_5, crit_12, crit_30, crit_open, other, before, after])
    review(store, crit_5, 5)
    review(store, crit_12, 12)
    review(store, crit_30, 30)
    review_now(store, other.id, "staff:1")
    submitted = [trail("submitted", "review", s) for s in (300, 420, 360, 600, 240, 480)]
    submitted[0] = trail("submitted", "review", 300, (("language", 10), ("checkin/legal_name", 30)))
    submitted[1] = trail("submitted", "review", 420, (("language", 20), ("checkin/legal_name", 50)))
    seed_sessions(store, [
        *submitted,
        trail("timeout", "phq9/q9", 200, (("phq9/q9", 100),)),
        trail("timeout", "phq9/q9", 150),
        trail("start_over", "checkin/phone", 90),
        trail("back", "language", 5),
        trail("timeout", "checkin/phone", 99, day=DAY - dt.timedelta(days=1)),
    ])


def test_figures_of_a_seeded_day(store: Store, settings: Settings) -> None:
    seed_day(store, load_library(settings.forms_dir))
    report = day_report(store, DAY)
    assert report == DayReport(
        day=DAY, visits=6,
        by_type={"first_consult": 1, "follow_up": 2, "infusion": 2, "other": 1},
        sessions=10, outcomes={"submitted": 6, "timeout": 2, "start_over": 1, "back": 1,
                                     "process_stopped": 0, "interrupted": 0},
        completion_rate=0.6,
        median_minutes=6.5,  # 240 300 360 | 420 480 600 s: (360 + 420) / 2 = 390 s
        give_up=[ScreenFigure(screen="phq9/q9", value=2), ScreenFigure(screen="checkin/phone", value=1),
                 ScreenFigure(screen="language", value=1)],
        slowest=[ScreenFigure(screen="phq9/q9", value=100), ScreenFigure(screen="checkin/legal_name", value=40),
                 ScreenFigure(screen="language", value=15)],
        flags={"crisis": 4, "infusion": 0, "clinical": 0},
        critical=4, review_median_minutes=12, review_worst_minutes=30,
        unreviewed=2,  # the first consultation and the critical visit nobody opened
        unreviewed_critical=1,
    )


def test_an_empty_day_has_no_medians(store: Store) -> None:
    report = day_report(store, DAY)
    assert (report.visits, report.sessions, report.completion_rate, report.median_minutes) == (0, 0, None, None)
    assert (report.review_median_minutes, report.review_worst_minutes, report.give_up) == (None, None, [])
