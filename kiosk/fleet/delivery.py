"""Delivering spooled visits as soon as the database answers again, without a restart.

A running kiosk calls ``deliver`` from a worker with a backoff between tries; ``kiosk sync``
calls it once. Delivery is idempotent by submission id (the store inserts with ON CONFLICT
DO NOTHING), so two processes replaying one spool, or a crash between the commit and the
spool file's removal, never store a visit twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.ops.status import spool_depth
from kiosk.settings import Settings

FIRST_DELAY_S = 5.0
MAX_DELAY_S = 300.0


@dataclass(frozen=True)
class Delivery:
    """One try: how many visits reached the database, how many still wait, and why not."""

    delivered: int
    waiting: int
    problem: str | None = None

    @property
    def reachable(self) -> bool:
        return self.problem is None


def backoff_seconds(failures: int) -> float:
    """5 s, 10 s, 20 s … up to 5 minutes between tries while the database stays away."""
    return float(min(MAX_DELAY_S, FIRST_DELAY_S * 2.0 ** max(0, failures)))


def deliver(settings: Settings, store: Any | None = None) -> tuple[Any | None, Delivery]:
    """Store what waits in the spool; opens the store first when there is none yet.

    Returns the (possibly newly opened) store and what happened. Blocking: call it from a
    worker thread or the command line.
    """
    from kiosk.store import Store, StoreError

    before = spool_depth(settings.data_dir)
    try:
        if store is None:
            store = Store.open(settings)  # opening replays the spool
        store.replay_spool()
    except StoreError as exc:  # its message names no patient
        return store, Delivery(0, spool_depth(settings.data_dir), str(exc).splitlines()[0])
    waiting = spool_depth(settings.data_dir)
    problem = None if waiting == 0 or waiting < before else "the database did not take the waiting visits"
    return store, Delivery(max(0, before - waiting), waiting, problem)
