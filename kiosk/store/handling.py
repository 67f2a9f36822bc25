"""The desk's facts (reviewed, printed, exported) as columns of ``submissions``, and their filters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ColumnElement

from kiosk.intake.handling import Fact, Handling, Step
from kiosk.store.tables import submissions as sub_t

QUEUE_FILTERS = ("new", *(step.value for step in Step))
"""``kiosk queue --status``: ``new`` is a visit nobody has reviewed yet; the others, a step taken."""


def done_by(step: Step) -> Column[Any]:
    """The column whose being set means ``step`` was taken."""
    return sub_t.c[f"{step.value}_by"]


def columns_of(handling: Handling) -> dict[str, Any]:
    """The six column values of ``handling``."""
    values: dict[str, Any] = {}
    for step in Step:
        fact = handling.fact(step)
        values[f"{step.value}_by"] = fact.by if fact else None
        values[f"{step.value}_at"] = fact.at if fact else None
    return values


def handling_of(row: Any) -> Handling:
    """The facts stored in ``row``."""
    facts = {}
    for step in Step:
        by = getattr(row, f"{step.value}_by")
        if by is not None:
            facts[step.value] = Fact(by=by, at=getattr(row, f"{step.value}_at"))
    return Handling.model_validate(facts)


def queue_filter(name: str) -> ColumnElement[bool]:
    """The WHERE clause of one of ``QUEUE_FILTERS``."""
    if name == "new":
        return done_by(Step.reviewed).is_(None)
    return done_by(Step(name)).is_not(None)
