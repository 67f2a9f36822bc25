"""Store fixtures: each test gets a real database (SQLite file, or a fresh PostgreSQL schema)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.forms import FormLibrary, load_library
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store
from tests.services import unavailable

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")
NOTES_FORM = """\
id: notes
version: "1.0"
title: {en: "Anything else", es: "Algo más"}
instructions: {en: "Tell us in your own words.", es: "Díganos con sus propias palabras."}
source: "Lobby Kiosk test form"
licence: "Test only"
items:
  - id: concerns
    type: text
    required: false
    text: {en: "Anything you want us to know?", es: "¿Algo que quiera decirnos?"}
"""


def phq9_answers(total: int = 0, q9: int = 0) -> dict[str, int]:
    """PHQ-9 codes adding up to ``total`` with item 9 set (q9 >= 1 raises the critical flag)."""
    answers = {f"q{i}": 0 for i in range(1, 10)}
    answers["q9"] = q9
    left = total - q9
    for i in range(1, 9):
        answers[f"q{i}"] = min(3, left)
        left -= answers[f"q{i}"]
    return answers


def visit(name: str = "Zelda Quorra", born: str = "1971-03-09", *, total: int = 4, q9: int = 0,
          phone: str | None = "555-0199", notes: str | None = None) -> dict[str, Any]:
    """A visit as ``kiosk submit`` takes it."""
    responses: dict[str, Any] = {"phq9": phq9_answers(total, q9)}
    if notes is not None:
        responses["notes"] = {"concerns": notes}
    patient = {"legal_name": name, "date_of_birth": born}
    if phone:
        patient["phone"] = phone
    return {"patient": patient, "language": "en", "responses": responses}


def drop_append_only_guard(store: Store) -> None:
    """What someone with full database access could do before editing the log."""
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            conn.execute(sa.text("DROP TRIGGER audit_log_no_update"))
            conn.execute(sa.text("DROP TRIGGER audit_log_no_delete"))


@pytest.fixture(scope="session")
def forms_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled forms plus a small form with a free-text item."""
    target = tmp_path_factory.mktemp("forms") / "forms"
    shutil.copytree(BUNDLED_FORMS, target)
    (target / "notes.yaml").write_text(NOTES_FORM, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def notes_library(forms_dir: Path) -> FormLibrary:
    return load_library(forms_dir)


@pytest.fixture
def make_submission(notes_library: FormLibrary) -> Any:
    """Build scored Submissions the way the kiosk does, at a chosen time."""

    def make(now: dt.datetime | None = None, kiosk_id: str = "lobby-1", **kwargs: Any) -> Submission:
        return build_submission(notes_library, visit(**kwargs), kiosk_id=kiosk_id,
                                now=now or dt.datetime.now(dt.timezone.utc))

    return make


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL: a SQLite file, or a fresh schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'kiosk.db'}"
        return
    if not PG_URL:
        unavailable("KIOSK_TEST_PG_URL is not set: no PostgreSQL server to test against")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        unavailable(f"PostgreSQL at KIOSK_TEST_PG_URL is not reachable: {exc.orig}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, db_url: str, forms_dir: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", db_url=db_url, forms_dir=forms_dir, id="lobby-1",
                    key=None, pepper=None)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = Store.open(settings)
    yield opened
    opened.close()


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment for ``python -m kiosk`` subprocesses on the same database and data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(settings.data_dir), KIOSK_DB_URL=str(settings.db_url),
               KIOSK_FORMS_DIR=str(settings.forms_dir), KIOSK_ID="lobby-1")
    return env
