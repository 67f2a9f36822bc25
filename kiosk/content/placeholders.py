"""Filling ``{clinic_name}``-style placeholders in slide text from settings (no Qt)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

# Clinic details come from settings, never from slide files or code.
KNOWN = ("clinic_name", "clinic_phone", "clinic_address", "clinic_hours")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class _ClinicSettings(Protocol):
    clinic_name: str
    clinic_phone: str
    clinic_address: str
    clinic_hours: str


def unknown_placeholders(text: str) -> list[str]:
    """Names in ``{braces}`` that no setting provides (a typo in a slide)."""
    return [name for name in _PLACEHOLDER.findall(text) if name not in KNOWN]


def fill_line(text: str, values: Mapping[str, str]) -> str:
    """Replace every known placeholder; a missing value becomes empty text."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "") if m.group(1) in KNOWN else m.group(0), text)


def fill_body(markdown: str, values: Mapping[str, str]) -> str:
    """Fill a Markdown body; a line whose placeholder has no value is left out.

    A clinic without a phone number set should not show "Call the clinic: " with nothing after.
    """
    kept = []
    for line in markdown.splitlines():
        names = [n for n in _PLACEHOLDER.findall(line) if n in KNOWN]
        if any(not values.get(n, "").strip() for n in names):
            continue
        kept.append(fill_line(line, values))
    return "\n".join(kept)


def clinic_values(settings: _ClinicSettings) -> dict[str, str]:
    """The placeholder values a Settings object provides."""
    return {name: str(getattr(settings, name) or "") for name in KNOWN}
