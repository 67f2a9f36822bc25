"""Test configuration: Qt runs offscreen, before anything imports Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.forms import FormLibrary, load_library  # noqa: E402
from kiosk.paths import BUNDLED_FORMS  # noqa: E402


@pytest.fixture(scope="session")
def library() -> FormLibrary:
    """The bundled forms, loaded and checked once per test run."""
    return load_library(BUNDLED_FORMS)


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled forms folder, for tests that break a file."""
    import shutil

    target = tmp_path / "forms"
    shutil.copytree(BUNDLED_FORMS, target)
    return target
