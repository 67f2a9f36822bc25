"""One finished kiosk session as the anonymous trail keeps it: no patient, no answers, no visit id.

Plain data shared by the kiosk's recorder (kiosk.care.trail), the store (kiosk.store.trail)
and the day report; it imports nothing, so the kiosk can record before the store is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["submitted", "timeout", "start_over", "back"]
"""How a session ended: stored, left to time out, Start over, or ``back``: any other way out
(Back from the language screen, or staff mode opened over the visit)."""
OUTCOMES: tuple[Outcome, ...] = ("submitted", "timeout", "start_over", "back")


@dataclass(frozen=True)
class TrailSession:
    """One finished kiosk session, as the day report counts it."""

    day: dt.date
    outcome: Outcome
    last_screen: str
    seconds: int
    language: str | None = None
    screens: tuple[tuple[str, int], ...] = field(default=())
    """(screen, seconds) for each screen shown; summed per day when stored, never kept as a path."""
