"""Fleet fixtures: a store whose database can go away (SQLite immutable, PostgreSQL forwarder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from pathlib import Path

import pytest

from kiosk.settings import Settings
from tests.fleet.outage import Forwarder, immutable, pg_target
from tests.store.conftest import db_url, forms_dir, make_submission, notes_library  # noqa: F401


class Outage:
    """``down()`` / ``up()`` for the database behind ``settings``."""

    def __init__(self, settings: Settings, forwarder: Forwarder | None) -> None:
        self.settings, self.forwarder = settings, forwarder

    def _files(self) -> list[Path]:
        db = self.settings.data_dir / "kiosk.db"
        # not the -shm file: SQLite maps it into memory, and a write to an immutable map is SIGBUS
        return [p for p in (db, db.with_name("kiosk.db-wal")) if p.exists()]

    def down(self, store: Any = None) -> None:
        """The database refuses; ``store``'s pooled connections break as a real outage's would."""
        if self.forwarder is not None:
            self.forwarder.down()
        else:
            for path in self._files():
                immutable(path, True)
        if store is not None:
            store.engine.dispose()

    def up(self) -> None:
        if self.forwarder is not None:
            self.forwarder.up()
        else:
            for path in self._files():
                immutable(path, False)


@pytest.fixture
def outage_settings(tmp_path: Path, db_url: str, forms_dir: Path) -> Iterator[tuple[Settings, Outage]]:  # noqa: F811
    forwarder = None
    url = db_url
    if url.startswith("postgresql"):
        forwarder = Forwarder(pg_target(url))
        url = forwarder.url_for(url)
    settings = Settings(data_dir=tmp_path / "data", db_url=url, forms_dir=forms_dir, id="lobby-1", key=None, pepper=None)
    outage = Outage(settings, forwarder)
    try:
        yield settings, outage
    finally:
        if forwarder is None:
            outage.up()
        else:
            forwarder.down()


MakeSubmission = Callable[..., object]
