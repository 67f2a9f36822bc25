"""Store benchmark: with 100,000 stored submissions, time a write, the day's queue and a lookup.

Not part of the test run; prints figures against the issue's targets
(write < 10 ms, queue < 50 ms, lookup by name + date of birth < 20 ms).

    .venv/bin/python bench/store_bench.py                 # SQLite, and PostgreSQL if KIOSK_TEST_PG_URL is set
    .venv/bin/python bench/store_bench.py --rows 20000 --backend sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from kiosk.forms import load_library
from kiosk.intake.submission import Patient, Submission
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store

UTC = dt.timezone.utc
PER_DAY = 100
TARGETS_MS = {"write": 10.0, "queue": 50.0, "lookup": 20.0}
FIRST = ["Ana", "Ben", "Carla", "Dev", "Elena", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kemal", "Lupe"]
LAST = ["Garcia", "Nguyen", "Smith", "Okafor", "Rossi", "Kowalski", "Haddad", "Silva", "Ito", "Brown"]


def _templates() -> list[Submission]:
    library = load_library(BUNDLED_FORMS)
    out = []
    for total, q9 in ((2, 0), (7, 0), (12, 0), (18, 1), (24, 2)):
        answers = {f"q{i}": 0 for i in range(1, 10)}
        answers["q9"], left = q9, total - q9
        for i in range(1, 9):
            answers[f"q{i}"] = min(3, left)
            left -= answers[f"q{i}"]
        visit = {"patient": {"legal_name": "Template", "date_of_birth": "1980-01-01"}, "language": "en",
                 "responses": {"phq9": answers}}
        out.append(build_submission(library, visit, kiosk_id="bench"))
    return out


def _patient(rng: random.Random, n: int) -> Patient:
    name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}"
    born = dt.date(1940, 1, 1) + dt.timedelta(days=(n * 7919) % 25000)
    return Patient(legal_name=name, date_of_birth=born, phone=f"555-{rng.randrange(10000):04d}")


def _fill(store: Store, rows: int, patients: int, rng: random.Random) -> None:
    templates = _templates()
    now = dt.datetime.now(UTC)
    batch: list[Submission] = []
    started = time.perf_counter()
    for n in range(rows):
        created = now - dt.timedelta(days=n // PER_DAY, seconds=rng.randrange(36000))
        batch.append(rng.choice(templates).model_copy(update={
            "id": uuid.uuid4(), "created_at": created, "patient": _patient(rng, rng.randrange(patients)),
        }))
        if len(batch) == 2000:
            store.add_many(batch)
            batch = []
    if batch:
        store.add_many(batch)
    print(f"  filled {rows:,} rows in {time.perf_counter() - started:.0f} s")


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _report(name: str, times: list[float]) -> str:
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    verdict = "ok" if p95 < TARGETS_MS[name] else ("median ok" if median < TARGETS_MS[name] else "MISSED")
    return f"  {name:<7} median {median:7.2f} ms   p95 {p95:7.2f} ms   target < {TARGETS_MS[name]:.0f} ms  {verdict}"


@contextmanager
def _database(backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    pg_url = os.environ["KIOSK_TEST_PG_URL"]
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{pg_url}{'&' if '?' in pg_url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(backend: str, rows: int, writes: int) -> None:
    rng = random.Random(4)
    patients = rows // 5
    print(f"{backend}: {rows:,} submissions, {patients:,} patients, {PER_DAY} a day")
    with tempfile.TemporaryDirectory() as tmp, _database(backend, Path(tmp)) as url:
        settings = Settings(data_dir=Path(tmp), db_url=url, key=None, pepper=None)
        with Store.open(settings) as store:
            _fill(store, rows, patients, rng)
            templates = _templates()
            if backend == "postgresql":
                with store.engine.begin() as conn:
                    conn.execute(sa.text("ANALYZE"))

            def write() -> None:
                store.add(rng.choice(templates).model_copy(update={
                    "id": uuid.uuid4(), "created_at": dt.datetime.now(UTC),
                    "patient": _patient(rng, rng.randrange(patients))}))

            def queue() -> None:
                entries = store.queue(actor="bench")
                assert len(entries) >= PER_DAY // 2

            def lookup() -> None:
                patient = _patient(rng, rng.randrange(patients))
                store.find(patient.legal_name, patient.date_of_birth, actor="bench")

            print(_report("write", _time(write, writes)))
            print(_report("queue", _time(queue, 30)))
            print(_report("lookup", _time(lookup, 100)))
            print(f"  queue length {len(store.queue())}, rows {store.count():,}")


def main() -> None:
    main_over_backends(__doc__, run, count=("--writes", 200))


def backends(choice: str) -> list[str]:
    """The backends ``--backend`` names that can run here (PostgreSQL needs KIOSK_TEST_PG_URL)."""
    chosen = ["sqlite", "postgresql"] if choice == "both" else [choice]
    if "postgresql" in chosen and not os.environ.get("KIOSK_TEST_PG_URL"):
        print("postgresql: skipped (set KIOSK_TEST_PG_URL)")
        chosen.remove("postgresql")
    return chosen


def main_over_backends(doc: str, run: Callable[[str, int, int], None], *,
                       count: tuple[str, int] = ("--repeat", 30)) -> None:
    """The command line the store-sized benchmarks share: ``run(backend, rows, count)`` for
    each backend ``--backend`` names that can run here; ``count`` is the option naming how many
    times to measure (``--repeat`` by default; this file's own benchmark calls it ``--writes``)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(count[0], type=int, default=count[1], dest="count")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    for backend in backends(args.backend):
        run(backend, args.rows, args.count)


if __name__ == "__main__":
    main()
