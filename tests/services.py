"""What a test does when a service it needs (PostgreSQL, CUPS) is not there.

On a developer's machine it skips, saying what is missing. Under CI (``CI=true``, as
``.ci/run`` sets) it fails: CI starts those services itself, so one missing or dead
mid-run is a broken run, and a green run with the PostgreSQL tests skipped would hide it.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def under_ci() -> bool:
    """Whether this run is CI's (``CI`` set to true, as CI systems and ``.ci/run`` do)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip the test because of ``reason``; under CI fail it instead."""
    if under_ci():
        pytest.fail(f"{reason} (CI=true: the CI run provides this service, so this is a failure)",
                    pytrace=False)
    pytest.skip(reason)
