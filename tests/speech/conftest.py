"""Read-aloud tests synthesise with the real espeak-ng (.ci/setup installs it)."""

from __future__ import annotations

import shutil

import pytest

from tests.services import unavailable


@pytest.fixture
def require_espeak() -> None:
    if shutil.which("espeak-ng") is None:
        unavailable("espeak-ng not installed (bash .ci/setup installs it)")
