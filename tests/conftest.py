"""Test configuration: Qt runs offscreen, before anything imports Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.forms import FormLibrary, load_library  # noqa: E402
from kiosk.paths import BUNDLED_FORMS  # noqa: E402
from tests.pg_workers import drop_worker_database, use_worker_database  # noqa: E402
from tests.services import unavailable  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, this worker's own PostgreSQL database (tests/pg_workers.py)."""
    use_worker_database(config)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the worker's database (a hook xdist workers run before they exit)."""
    drop_worker_database(session.config)


@pytest.fixture
def require_lp() -> None:
    """The CUPS client tools (lp, lpstat) are installed."""
    import shutil

    if shutil.which("lpstat") is None or shutil.which("lp") is None:
        unavailable("CUPS client tools (lp, lpstat) not installed")


@pytest.fixture
def require_cups(require_lp: None) -> None:
    """A CUPS with the cups-pdf test printer (.ci/services.sh exports where it is)."""
    if not (os.environ.get("KIOSK_TEST_PRINTER") and os.environ.get("KIOSK_TEST_CUPS_OUT")):
        unavailable("KIOSK_TEST_PRINTER/KIOSK_TEST_CUPS_OUT not set: no CUPS printer (.ci/services.sh)")


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


_VISIT_FIXTURES = Path(__file__).parent / "fixtures" / "visit_forms"


def _protocol_forms(path: Path) -> list[str]:
    """The form ids a protocol file names."""
    import yaml

    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("forms", []))


def install_visit_fixtures(target: Path) -> None:
    """Put the test check-in/safety/consent forms and protocol ``visit`` into a copy of the
    bundled forms, replacing bundled forms of the same ids.

    Bundled forms that read answers of a replaced form (the USAUDIT and AUDIT read the
    bundled check-in's sex at birth and date of birth) give way too, with the bundled
    protocols naming them: the test check-in does not have those items.
    """
    import shutil

    from kiosk.forms.loader import load_form_file
    from kiosk.forms.references import forms_read

    ours = {path.stem for path in _VISIT_FIXTURES.glob("*.yaml")}
    dropped: set[str] = set()
    for path in target.glob("*.yaml"):
        # a bundled form with one of our ids gives way: the tests rely on our item ids
        form = load_form_file(path)
        if form.id in ours or forms_read(form) & ours:
            path.unlink()
            dropped.add(form.id)
    for path in (target / "protocols").glob("*.yaml"):
        if set(_protocol_forms(path)) & (dropped - ours):
            path.unlink()
    for path in _VISIT_FIXTURES.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    shutil.copy(_VISIT_FIXTURES / "protocols" / "visit.yaml", target / "protocols" / "visit.yaml")


@pytest.fixture(scope="session")
def visit_library(tmp_path_factory: pytest.TempPathFactory) -> FormLibrary:
    """Bundled forms with the test visit forms (``install_visit_fixtures``).

    Its protocol ``visit`` runs checkin, phq9, safety and consent: every question type.
    """
    import shutil

    target = tmp_path_factory.mktemp("visit") / "forms"
    shutil.copytree(BUNDLED_FORMS, target)
    install_visit_fixtures(target)
    return load_library(target)
