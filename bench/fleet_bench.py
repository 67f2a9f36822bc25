"""Fleet benchmark: 20 kiosk processes and 3 desk listeners on one real PostgreSQL.

Not part of the test run. Starts its own PostgreSQL (initdb in a temporary folder, a free
port, run as the ``postgres`` user) so it can stop it on purpose, then runs three phases:

  peak      every kiosk submits a visit every 2 s (a busy clinic's morning, 20 tablets)
  flat-out  every kiosk submits as fast as it can
  outage    peak rate, with PostgreSQL stopped (pg_ctl -m immediate) for 20 s mid-run

and prints, per phase: visits acknowledged / stored / duplicated (must be N / N / 0),
submit latency p50/p95, commit -> desk notified (LISTEN/NOTIFY) p50/p95, commit -> row in the
desk's fetched queue by push and, side by side in the same run, by the half-second polling
it replaces. For the outage: how long after PostgreSQL came back the last spooled visit was
in every desk's queue.

    PYTHONPATH=. .venv/bin/python bench/fleet_bench.py [--kiosks 20] [--desks 3] [--visits 6]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import logging
import multiprocessing as mp
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

UTC = dt.timezone.utc


# --- a private PostgreSQL -------------------------------------------------------------------
class PrivatePostgres:
    """initdb + pg_ctl under a temporary folder, as the postgres user (it refuses root)."""

    def __init__(self, top: Path) -> None:
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
        self.bin = versions[-1] / "bin"
        self.top, self.data = top, top / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        shutil.chown(top, "postgres")
        self._as_pg(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "kiosk", "--no-sync")
        self.start()
        self._as_pg(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "kiosk", "kiosk")
        self.url = f"postgresql+psycopg://kiosk@127.0.0.1:{self.port}/kiosk"

    def _as_pg(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, cwd=self.top)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.top} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._as_pg(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.top / "log"),
                    "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_pg(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


# --- processes ----------------------------------------------------------------------------
def _settings(url: str, data_dir: Path, kiosk_id: str, key: str, pepper: str) -> Any:
    from kiosk.settings import Settings

    return Settings(data_dir=data_dir, db_url=url, key=key, pepper=pepper, id=kiosk_id)


def kiosk_process(index: int, url: str, top: str, key: str, pepper: str, visits: int, interval: float,
                  start_at: float, results: Any) -> None:
    """Submit ``visits`` visits every ``interval`` s; report each (id, ack time, outcome, latency)."""
    from kiosk.fleet.delivery import deliver
    from kiosk.forms import load_library
    from kiosk.intake.visit import build_submission
    from kiosk.paths import BUNDLED_FORMS
    from kiosk.store import Store, StoreUnavailable, spool_visit

    logging.getLogger("kiosk").setLevel(logging.ERROR)  # "still unavailable" lines during the outage
    library = load_library(BUNDLED_FORMS)
    settings = _settings(url, Path(top) / f"kiosk-{index}", f"lobby-{index}", key, pepper)
    store = None  # a kiosk started during the outage submits to its spool, as a real one does
    for _ in range(20):
        try:
            store = Store.open(settings)
            break
        except StoreUnavailable:
            time.sleep(0.5)
    time.sleep(max(0.0, start_at - time.time()))
    done = []
    for n in range(visits):
        due = start_at + n * interval
        time.sleep(max(0.0, due - time.time()))
        visit = {"patient": {"legal_name": f"Bench Patient {index}-{n}", "date_of_birth": "1980-01-01"},
                 "language": "en", "responses": {"phq9": {f"q{i}": (1 if i < 4 else 0) for i in range(1, 10)}}}
        submission = build_submission(library, visit, kiosk_id=settings.id)
        began = time.time()
        try:
            if store is None:
                spool_visit(settings, submission)
                outcome = "spooled"
            else:
                store.add(submission)
                outcome = "stored"
        except StoreUnavailable as exc:
            outcome = "spooled" if exc.spooled else "lost"
        done.append((str(submission.id), time.time(), outcome, time.time() - began))
    delivered_at = None
    deadline = time.time() + 120
    while time.time() < deadline:
        store, result = deliver(settings, store)
        if result.waiting == 0:
            delivered_at = time.time()
            break
        time.sleep(0.5)
    results.put(("kiosk", index, done, delivered_at))
    if store is not None:
        store.close()


def desk_process(index: int, url: str, top: str, key: str, pepper: str, mode: str, stop: Any,
                 results: Any) -> None:
    """A desk: LISTEN (push) or poll every 500 ms; record when each id was notified and fetched."""
    import psycopg

    from kiosk.store import Store, StoreError
    from kiosk.store.changes import CHANNEL

    settings = _settings(url, Path(top) / f"desk-{mode}-{index}", f"desk-{index}", key, pepper)
    store = Store.open(settings)
    notified: dict[str, float] = {}
    fetched: dict[str, float] = {}
    listener = None

    def fetch() -> None:
        try:
            entries = store.queue(dt.date.today())
        except StoreError:
            return
        now = time.time()
        for entry in entries:
            fetched.setdefault(str(entry.id), now)

    while not stop.is_set():
        if mode == "poll":
            fetch()
            time.sleep(0.5)
            continue
        try:
            if listener is None:
                listener = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
                listener.execute(f"LISTEN {CHANNEL}")
                fetch()  # what arrived while we were not listening
            changed = False
            for notice in listener.notifies(timeout=0.5):
                notified.setdefault(notice.payload, time.time())
                changed = True
                break
            if changed:
                fetch()
        except psycopg.Error:
            listener = None
            time.sleep(0.2)
    fetch()
    results.put(("desk", f"{mode}-{index}", notified, fetched))
    store.close()


# --- one phase ----------------------------------------------------------------------------
def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _ms(values: list[float]) -> str:
    return f"{_pct(values, 50) * 1000:7.1f} / {_pct(values, 95) * 1000:7.1f} ms"


def run_phase(name: str, pg: PrivatePostgres, top: Path, kiosks: int, desks: int, visits: int,
              interval: float, key: str, pepper: str, outage_s: float = 0.0) -> None:
    from kiosk.store import Store
    from kiosk.store.tables import submissions
    import sqlalchemy as sa

    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    stop = ctx.Event()
    phase_top = top / name
    phase_top.mkdir()
    Store.open(_settings(pg.url, phase_top / "setup", "setup", key, pepper)).close()
    with Store.open(_settings(pg.url, phase_top / "clean", "clean", key, pepper)) as store, store.engine.begin() as c:
        c.execute(sa.delete(submissions))
    desk_procs = [ctx.Process(target=desk_process, args=(i, pg.url, str(phase_top), key, pepper, mode, stop, results))
                  for mode in ("push", "poll") for i in range(desks if mode == "push" else 1)]
    for proc in desk_procs:
        proc.start()
    time.sleep(4)  # desks connected and listening
    start_at = time.time() + 4
    kiosk_procs = [ctx.Process(target=kiosk_process, args=(i, pg.url, str(phase_top), key, pepper, visits, interval,
                                                            start_at, results)) for i in range(kiosks)]
    for proc in kiosk_procs:
        proc.start()
    back_at = None
    if outage_s:
        time.sleep(max(0.0, start_at + visits * interval / 3 - time.time()))
        pg.stop("immediate")
        time.sleep(outage_s)
        pg.start()
        back_at = time.time()
    kiosk_results = [results.get(timeout=600) for _ in kiosk_procs]
    time.sleep(2)
    stop.set()
    desk_results = [results.get(timeout=120) for _ in desk_procs]
    for proc in kiosk_procs + desk_procs:
        proc.join(30)

    acked = {i: (t, outcome, lat) for _, _, done, _ in kiosk_results for i, t, outcome, lat in done
             if outcome != "lost"}
    lost = sum(1 for _, _, done, _ in kiosk_results for _i, _t, outcome, _l in done if outcome == "lost")
    with Store.open(_settings(pg.url, phase_top / "count", "count", key, pepper)) as store, store.engine.connect() as c:
        rows = c.execute(sa.select(submissions.c.id)).scalars().all()
    stored = {str(r) for r in rows}
    push_desks = [d for d in desk_results if d[1].startswith("push")]
    poll_desks = [d for d in desk_results if d[1].startswith("poll")]
    on_time = {i: t for i, (t, outcome, _) in acked.items() if outcome == "stored"}
    notify = [d[2][i] - t for d in push_desks for i, t in on_time.items() if i in d[2]]
    push_row = [d[3][i] - t for d in push_desks for i, t in on_time.items() if i in d[3]]
    poll_row = [d[3][i] - t for d in poll_desks for i, t in on_time.items() if i in d[3]]
    print(f"\n{name}: {kiosks} kiosks x {visits} visits, {'every %.1f s' % interval if interval else 'flat out'}"
          f"{', PostgreSQL down %d s' % outage_s if outage_s else ''}")
    print(f"  acknowledged / stored / duplicated: {len(acked)} / {len(stored & set(acked))} / "
          f"{len(rows) - len(set(rows))}   (lost, never acknowledged: {lost})")
    print(f"  submit latency p50 / p95:              {_ms([lat for _, _, lat in acked.values()])}")
    print(f"  commit -> desk notified (push):        {_ms(notify)}")
    print(f"  commit -> row fetched, push:           {_ms(push_row)}")
    print(f"  commit -> row fetched, 500 ms polling: {_ms(poll_row)}")
    if back_at is not None:
        spooled = [i for i, (_, outcome, _) in acked.items() if outcome == "spooled"]
        seen = [max(d[3].get(i, float("inf")) for d in push_desks) for i in spooled]
        last = max(seen) if seen else back_at
        print(f"  spooled during the outage: {len(spooled)}; last one on every desk "
              f"{last - back_at:.1f} s after PostgreSQL came back")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--desks", type=int, default=3)
    parser.add_argument("--visits", type=int, default=6)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the private PostgreSQL is started as the postgres user")
    top = Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    pg = PrivatePostgres(top)
    # one clinic, one key: the store refuses a process whose key its rows do not use
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    pepper = base64.b64encode(secrets.token_bytes(32)).decode()
    try:
        run_phase("peak", pg, top, args.kiosks, args.desks, args.visits, 2.0, key, pepper)
        run_phase("flat-out", pg, top, args.kiosks, args.desks, args.visits * 3, 0.0, key, pepper)
        run_phase("outage", pg, top, args.kiosks, args.desks, args.visits * 3, 2.0, key, pepper, outage_s=20)
    finally:
        try:
            pg.stop("fast")
        finally:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
