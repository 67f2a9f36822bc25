"""Day report benchmark: with 100,000 stored visits, time ``kiosk report day``'s figures.

Not part of the test run. Visits are real encrypted rows written through the store's own
``add_many`` (check-in with an appointment type, PHQ-9; about one in five critical), with a
day's worth of session trail for every day; half of the measured day's critical visits are
reviewed through the store. Prints the median against the issue's target (< 200 ms) and its
ratio to a bare SQL count of the same day's rows, measured in the same run.

    .venv/bin/python bench/day_report_bench.py                 # SQLite, and PostgreSQL if KIOSK_TEST_PG_URL is set
    .venv/bin/python bench/day_report_bench.py --rows 20000 --backend sqlite
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from kiosk.care.day_report import day_bounds, day_report
from kiosk.forms import load_library
from kiosk.fleet.escalation import review
from kiosk.intake.submission import Submission
from kiosk.intake.trail import TrailSession
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import submissions
from kiosk.store.trail import record_sessions
from store_bench import PER_DAY, _database, _patient, main_over_backends

UTC = dt.timezone.utc
TARGET_MS = 200.0
TYPES = ("first_consult", "infusion", "follow_up", "other")


def _templates() -> list[Submission]:
    """Scored visits as the kiosk builds them; copied with a new id, time and patient per row."""
    library = load_library(BUNDLED_FORMS)
    out = []
    for n, kind in enumerate(TYPES * 2):
        checkin = {"legal_name": "Template", "date_of_birth": "1980-01-01", "sex_at_birth": "female",
                   "phone": "5550100", "appointment_type": kind, "emergency_contact_name": "Contact",
                   "emergency_contact_phone": "5550101"}
        phq9 = {f"q{i}": n % 3 for i in range(1, 10)} | {"q9": 1 if n in (1, 6) else 0}
        visit = {"language": "en", "responses": {"checkin": checkin, "phq9": phq9}}
        out.append(build_submission(library, visit, kiosk_id="bench"))
    return out


def _fill(store: Store, rows: int, rng: random.Random) -> list[Submission]:
    """``rows`` visits, PER_DAY a day back from now, and a day's trail for each day; today's visits."""
    templates, now, today = _templates(), dt.datetime.now(UTC), dt.date.today()
    batch: list[Submission] = []
    todays: list[Submission] = []
    started = time.perf_counter()
    for n in range(rows):
        created = now - dt.timedelta(days=n // PER_DAY, seconds=rng.randrange(36000))
        visit = rng.choice(templates).model_copy(update={
            "id": uuid.uuid4(), "created_at": created, "patient": _patient(rng, n)})
        batch.append(visit)
        if n < PER_DAY:
            todays.append(visit)
        if len(batch) == 2000:
            store.add_many(batch)
            batch = []
    if batch:
        store.add_many(batch)
    for day in range(rows // PER_DAY):
        sessions = [TrailSession(day=today - dt.timedelta(days=day), outcome=rng.choice(
            ("submitted", "submitted", "submitted", "timeout", "start_over", "back")),
            last_screen=f"phq9/q{rng.randrange(1, 10)}", seconds=rng.randrange(60, 900),
            screens=tuple((f"phq9/q{i}", rng.randrange(3, 40)) for i in range(1, 10))) for _ in range(PER_DAY + 20)]
        record_sessions(store.engine, sessions)
    print(f"  filled {rows:,} visits and {rows // PER_DAY:,} days of trail in {time.perf_counter() - started:.0f} s")
    return todays


def _median_ms(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(backend: str, rows: int, repeat: int) -> None:
    rng = random.Random(18)
    print(f"{backend}: {rows:,} visits, {PER_DAY} a day")
    with tempfile.TemporaryDirectory() as tmp, _database(backend, Path(tmp)) as url:
        settings = Settings(data_dir=Path(tmp), db_url=url, key=None, pepper=None)
        with Store.open(settings) as store:
            todays = _fill(store, rows, rng)
            critical = [v for v in todays if v.severity == "critical"]
            for visit in critical[::2]:
                review(store, visit.id, "bench")
            if backend == "postgresql":
                with store.engine.begin() as conn:
                    conn.execute(sa.text("ANALYZE"))
            today = dt.date.today()
            start, end = day_bounds(today)
            count = sa.select(sa.func.count()).select_from(submissions).where(
                submissions.c.created_at >= start, submissions.c.created_at < end)

            def bare() -> None:
                with store.engine.connect() as conn:
                    conn.execute(count).scalar_one()

            report = day_report(store, today)
            figures = _median_ms(lambda: day_report(store, today), repeat)
            counting = _median_ms(bare, repeat)
            verdict = "ok" if figures < TARGET_MS else "MISSED"
            print(f"  day report  median {figures:7.2f} ms   target < {TARGET_MS:.0f} ms  {verdict}")
            print(f"  bare count  median {counting:7.2f} ms   ratio {figures / counting:.1f}x "
                  f"(the report decrypts the day's {report.visits} visits to count types and flags)")
            print(f"  critical {report.critical}, reviewed median {report.review_median_minutes} min, "
                  f"unreviewed {report.unreviewed_critical}, sessions {report.sessions}")


def main() -> None:
    main_over_backends(__doc__ or "", run)


if __name__ == "__main__":
    main()
