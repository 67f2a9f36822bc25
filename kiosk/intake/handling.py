"""What the desk has done with a visit: reviewed, printed, exported — three separate facts.

One ``status`` used to hold the furthest of them, so exporting a reviewed visit turned it
into "exported" and the review (who checked a flagged visit, and when) was lost. Each fact
now stands alone with who and when; none undoes another.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Step(str, Enum):
    """One thing the desk does to a visit (a column pair ``<step>_by``/``<step>_at`` in the store)."""

    reviewed = "reviewed"
    printed = "printed"
    exported = "exported"


class Fact(BaseModel):
    """Who did a step, and when (UTC)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    by: str = Field(description="the audit actor: 'staff:ID' at the desk, 'cli:USER' on the command line")
    at: dt.datetime | None = Field(
        description="when, in UTC; None only for a fact carried over from a status of before revision "
                    "0007 that the audit log does not date",
    )

    def when(self) -> str:
        """Local ``HH:MM`` today, else with the date; ``yes`` for an undated fact (queue cells)."""
        if self.at is None:
            return "yes"
        local = self.at.astimezone()
        return local.strftime("%H:%M") if local.date() == dt.date.today() else local.strftime("%Y-%m-%d %H:%M")


class Handling(BaseModel):
    """The desk's facts about one visit; a missing fact means the step has not been done."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reviewed: Fact | None = None
    printed: Fact | None = None
    exported: Fact | None = None

    def fact(self, step: Step) -> Fact | None:
        fact: Fact | None = getattr(self, step.value)
        return fact

    def cell(self, step: Step) -> str:
        """When ``step`` was taken (``Fact.when``); empty when it was not."""
        fact = self.fact(step)
        return "" if fact is None else fact.when()

    def sentence(self, step: Step) -> str:
        """``Reviewed by staff:3 at 09:41`` / ``Not printed`` (tooltips, the detail page)."""
        fact = self.fact(step)
        if fact is None:
            return f"Not {step.value}"
        return f"{step.value.capitalize()} by {fact.by}" + ("" if fact.at is None else f" at {fact.when()}")

    def lines(self) -> list[str]:
        """The queue's one cell for all three: ``Not reviewed`` first while that is so, then each
        step taken with its time (``Exported 10:02``)."""
        shown = [] if self.reviewed is not None else ["Not reviewed"]
        return shown + [f"{step.value.capitalize()} {self.cell(step)}" for step in Step if self.fact(step)]

    def line(self) -> str:
        """All three facts: ``Reviewed by staff:3 at 09:41 · Not printed · Not exported``."""
        return " · ".join(self.sentence(step) for step in Step)
