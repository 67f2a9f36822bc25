"""The clinic's day at a glance: counts only, never a name, a birth date or an answer.

Visits come from the store (the day's rows are decrypted here only to count appointment
types and flag categories); completion and where patients give up come from the anonymous
session trail; review times from ``kiosk.care.reviews``. The day is the clinic's local
calendar day in the machine's time zone, as the review queue's day is.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from kiosk.care.day_labels import APPOINTMENT_FORM, APPOINTMENT_ITEM, DayLabels
from kiosk.care.reviews import REVIEW_COLUMNS, reviewed_at, was_reviewed
from kiosk.forms.model import FLAG_CATEGORIES
from kiosk.intake.trail import OPEN, OUTCOMES
from kiosk.store.codec import decode_payload
from kiosk.store.errors import UnreadableVisit
from kiosk.store.refusals import database
from kiosk.store.tables import submissions
from kiosk.store.trail import ScreenTime, screen_times_of_day, sessions_of_day

if TYPE_CHECKING:
    from kiosk.store import Store

NOT_GIVEN = "not given"
UNREADABLE = "unreadable"
TOP = 5
OUTCOME_LABELS = {"submitted": "submitted", "timeout": "timed out", "start_over": "Start over",
                  "back": "Back at the first screen, or staff",
                  "process_stopped": "cut off: the kiosk was stopped",
                  "interrupted": "cut off: the kiosk crashed or was killed",
                  OPEN: "under way (or its kiosk not restarted yet)"}


class ScreenFigure(BaseModel):
    """A screen and a number about it (sessions that ended there, or mean seconds on it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    screen: str
    value: float


class DayReport(BaseModel):
    """Every figure of one day; ``None`` where there is nothing to take a median of."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: dt.date
    visits: int = Field(description="visits stored with that day's local date")
    by_type: dict[str, int] = Field(description="visits per appointment type code")
    sessions: int = Field(description="kiosk sessions of that day (the trail), ended or still open")
    outcomes: dict[str, int] = Field(description="sessions per outcome: submitted, timeout, start_over, back, "
                                     "process_stopped, interrupted; open when any is still under way")
    completion_rate: float | None = Field(description="submitted sessions / ended sessions")
    median_minutes: float | None = Field(description="median minutes from the first tap to submit")
    give_up: list[ScreenFigure] = Field(description="screens where most abandoned sessions ended")
    slowest: list[ScreenFigure] = Field(description="screens with the most mean seconds per view")
    flags: dict[str, int] = Field(description="raised flags per category")
    critical: int = Field(description="visits with a critical flag")
    review_median_minutes: float | None = Field(description="critical visit to first review, median")
    review_worst_minutes: float | None = Field(description="critical visit to first review, longest")
    unreviewed: int = Field(description="visits nobody has reviewed yet")
    unreviewed_critical: int = Field(description="critical visits nobody has reviewed yet")

    def rows(self, labels: DayLabels | None = None) -> list[tuple[str, str, str]]:
        """(section, item, value) for every figure: what the PDF and the desk show; screens
        and appointment types in words when ``labels`` are given."""
        return [(section, item, value) for section, item, _code, value in self.coded_rows(labels)]

    def coded_rows(self, labels: DayLabels | None = None) -> list[tuple[str, str, str, str]]:
        """(section, item, code, value): ``code`` is the screen id or type code a row is about
        ("" for the others), kept beside its words for the CSV."""
        screen = labels.screen if labels is not None else str
        kind = labels.appointment if labels is not None else str
        out: list[tuple[str, str, str, str]] = [
            ("day", "date", "", self.day.isoformat()), ("visits", "total", "", str(self.visits)),
            ("visits", "not reviewed yet", "", str(self.unreviewed)),
            ("critical flags", "visits", "", str(self.critical)),
            ("critical flags", "median minutes to review", "", _number(self.review_median_minutes)),
            ("critical flags", "worst minutes to review", "", _number(self.review_worst_minutes)),
            ("critical flags", "not reviewed yet", "", str(self.unreviewed_critical))]
        out += [("visits by type", kind(code), code, str(n)) for code, n in self.by_type.items()]
        out += [("flags by category", category, "", str(n)) for category, n in self.flags.items()]
        out += [("sessions", "started", "", str(self.sessions))]
        out += [("sessions", OUTCOME_LABELS.get(outcome, outcome), "", str(n)) for outcome, n in self.outcomes.items()]
        out += [("sessions", "completion rate", "", _percent(self.completion_rate)),
                ("sessions", "median minutes to complete", "", _number(self.median_minutes))]
        out += [("gave up at", screen(f.screen), f.screen, _number(f.value)) for f in self.give_up]
        out += [("mean seconds per screen", screen(f.screen), f.screen, _number(f.value)) for f in self.slowest]
        return out


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``day`` and of the next, in the machine's local time zone."""
    start = dt.datetime.combine(day, dt.time.min).astimezone()
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min).astimezone()


def day_report(store: Store, day: dt.date) -> DayReport:
    """The figures of ``day`` (StoreUnavailable if the database refuses)."""
    start, end = day_bounds(day)
    query = (select(submissions.c.id, submissions.c.created_at, submissions.c.severity, submissions.c.key_id,
                    submissions.c.payload, *REVIEW_COLUMNS)
             .where(submissions.c.created_at >= start, submissions.c.created_at < end))
    with database("reading the day's figures"), store.engine.connect() as conn:
        rows = conn.execute(query).all()
        sessions = sessions_of_day(conn, day)
        screens = screen_times_of_day(conn, day)
    critical = [r for r in rows if r.severity == "critical"]
    by_type: Counter[str] = Counter()
    flags: Counter[str] = Counter({category: 0 for category in FLAG_CATEGORIES})
    for row in rows:
        kind, categories = _count_payload(row, store)
        by_type[kind] += 1
        flags.update(categories)
    waits = [(at - r.created_at).total_seconds() / 60 for r in critical if (at := reviewed_at(r)) is not None]
    outcomes = Counter({outcome: 0 for outcome in OUTCOMES})
    outcomes.update(s.outcome for s in sessions)
    done = [s.seconds / 60 for s in sessions if s.outcome == "submitted"]
    ended = len(sessions) - outcomes[OPEN]
    gave_up = Counter(s.last_screen for s in sessions if s.outcome not in ("submitted", OPEN))
    return DayReport(
        day=day, visits=len(rows), by_type=dict(sorted(by_type.items())), sessions=len(sessions),
        outcomes=dict(outcomes), completion_rate=outcomes["submitted"] / ended if ended else None,
        median_minutes=_round(statistics.median(done)) if done else None,
        give_up=[ScreenFigure(screen=s, value=n) for s, n in _top(gave_up)],
        slowest=_slowest(screens), flags=dict(flags), critical=len(critical),
        review_median_minutes=_round(statistics.median(waits)) if waits else None,
        review_worst_minutes=_round(max(waits)) if waits else None,
        unreviewed=sum(1 for r in rows if not was_reviewed(r)),
        unreviewed_critical=sum(1 for r in critical if not was_reviewed(r)),
    )


def _count_payload(row: Any, store: Store) -> tuple[str, list[str]]:
    """The appointment type code and the flag categories of one row (decrypted, then dropped)."""
    try:
        data = decode_payload(row, store.keys)
    except UnreadableVisit:
        return UNREADABLE, []
    answer = data.get("responses", {}).get(APPOINTMENT_FORM, {}).get("answers", {}).get(APPOINTMENT_ITEM)
    categories = [flag.get("category", "clinical") for response in data.get("responses", {}).values()
                  for flag in response.get("flags", [])]
    return (answer if isinstance(answer, str) and answer else NOT_GIVEN), categories


def _top(counts: Counter[str]) -> list[tuple[str, int]]:
    """The most common first; ties by name, so the order is the same every time."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def _slowest(screens: list[ScreenTime]) -> list[ScreenFigure]:
    means = [(s.screen, s.seconds / s.views) for s in screens if s.views]
    means.sort(key=lambda kv: (-kv[1], kv[0]))
    return [ScreenFigure(screen=screen, value=_round(mean)) for screen, mean in means[:TOP]]


def _round(value: float) -> float:
    return round(value, 1)
