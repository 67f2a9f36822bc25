"""Trends benchmark: a 50-visit patient's history chart on a store of 100,000 visits.

Not part of the test run. Times what the desk's History tab and the PDF do for one patient —
``Store.history`` (blind-index lookup, linked histories, decryption, one audit entry) plus
``build_series`` — against the issue's target (median < 200 ms), and, in the same run, a bare
indexed ``SELECT`` of the same rows, printing the ratio. The query plan is printed too, to
show the blind-index index serves it.

    PYTHONPATH=. .venv/bin/python bench/trends_bench.py                # SQLite, and PostgreSQL if KIOSK_TEST_PG_URL is set
    PYTHONPATH=. .venv/bin/python bench/trends_bench.py --rows 20000 --backend sqlite
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import uuid
from pathlib import Path

import sqlalchemy as sa

from bench.store_bench import _database, _fill, _templates, _time, main_over_backends
from kiosk.care.series import build_series
from kiosk.forms import load_library
from kiosk.intake.submission import Patient
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import submissions

UTC = dt.timezone.utc
TARGET_MS = 200.0
HISTORY = 50


def run(backend: str, rows: int, repeat: int) -> None:
    rng = random.Random(18)
    print(f"{backend}: {rows:,} visits, one patient with {HISTORY}")
    library = load_library(BUNDLED_FORMS)
    with tempfile.TemporaryDirectory() as tmp, _database(backend, Path(tmp)) as url:
        with Store.open(Settings(data_dir=Path(tmp), db_url=url, key=None, pepper=None)) as store:
            _fill(store, rows - HISTORY, (rows - HISTORY) // 5, rng)
            patient = Patient(legal_name="Trend Patient", date_of_birth=dt.date(1979, 5, 4))
            now = dt.datetime.now(UTC)
            series = [rng.choice(_templates()).model_copy(update={
                "id": uuid.uuid4(), "created_at": now - dt.timedelta(days=7 * n), "patient": patient})
                for n in range(HISTORY)]
            store.add_many(series)
            if backend == "postgresql":
                with store.engine.begin() as conn:
                    conn.execute(sa.text("ANALYZE"))
            newest = series[0]
            indexes = store.keys.blind_indexes(patient.legal_name, patient.date_of_birth)
            bare = sa.select(submissions).where(submissions.c.blind_index.in_(indexes))

            def chart() -> None:
                drawn = build_series(store.history(newest, actor="bench"), library)
                assert len(drawn[0].points) == HISTORY

            def select() -> None:
                with store.engine.connect() as conn:
                    assert len(conn.execute(bare).all()) == HISTORY

            chart_ms, select_ms = _time(chart, repeat), _time(select, repeat)
            median, bare_median = statistics.median(chart_ms), statistics.median(select_ms)
            verdict = "ok" if median < TARGET_MS else "MISSED"
            print(f"  history chart  median {median:7.2f} ms   p95 {statistics.quantiles(chart_ms, n=20)[-1]:7.2f} ms"
                  f"   target < {TARGET_MS:.0f} ms  {verdict}")
            print(f"  bare SELECT    median {bare_median:7.2f} ms   ratio {median / bare_median:5.1f}x "
                  "(decryption, validation, audit entry, series)")
            with store.engine.connect() as conn:
                compiled = bare.compile(conn, compile_kwargs={"literal_binds": True})
                explain = "EXPLAIN QUERY PLAN" if backend == "sqlite" else "EXPLAIN"
                plan = [" ".join(str(c) for c in row) for row in conn.execute(sa.text(f"{explain} {compiled}"))]
            print("  plan: " + " | ".join(plan))


def main() -> None:
    main_over_backends(__doc__ or "", run)


if __name__ == "__main__":
    main()
