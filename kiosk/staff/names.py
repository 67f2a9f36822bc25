"""Staff names as stored and typed: spaces collapsed, and the same rules as patients' names."""

from __future__ import annotations

from kiosk.limits import STAFF_NAME_MAX_CHARS, name_problem


def clean_staff_name(name: str) -> str:
    """``name`` with runs of spaces collapsed; ValueError (not quoting it) when it cannot be a name."""
    problem = name_problem(name, STAFF_NAME_MAX_CHARS)
    if problem:
        raise ValueError(f"the staff name {problem}")
    return " ".join(name.split())
