"""One finished kiosk session as the anonymous trail keeps it: no patient, no answers, no visit id.

Plain data shared by the kiosk's recorder (kiosk.care.trail), the store (kiosk.store.trail)
and the day report; it imports nothing, so the kiosk can record before the store is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["submitted", "timeout", "start_over", "back", "process_stopped", "interrupted", "open"]
"""How a session ended: stored, left to time out, Start over, ``back`` (any other way out: Back
from the language screen, or staff mode opened over the visit), ``process_stopped`` (the kiosk
process was ended under it, e.g. SIGTERM from systemd), ``interrupted`` (found still open when
the kiosk started again: a crash, a watchdog or SIGKILL), or ``open``: still under way."""
OUTCOMES: tuple[Outcome, ...] = ("submitted", "timeout", "start_over", "back", "process_stopped", "interrupted")
"""The outcomes of an ended session (``open`` is none)."""
OPEN: Outcome = "open"


@dataclass(frozen=True)
class TrailSession:
    """One kiosk session, as the day report counts it: finished, or (``open``) as far as it got.

    ``key`` is the random id the session's row is stored under while it is under way, so each
    screen updates that row and the end closes it (None: a finished session stored at once).
    """

    day: dt.date
    outcome: Outcome
    last_screen: str
    seconds: int
    language: str | None = None
    screens: tuple[tuple[str, int], ...] = field(default=())
    """(screen, seconds) for each screen shown; summed per day when stored, never kept as a path."""
    key: str | None = None
