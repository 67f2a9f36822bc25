"""One PostgreSQL database per pytest-xdist worker (``.ci/run`` runs ``pytest -n 2``).

Each test already gets its own schema, but PostgreSQL's LISTEN/NOTIFY channels (the desk's
push, kiosk.fleet.push) span a whole database: a test listening for its visits' notices
would also hear the visits another worker stores at the same moment. So each worker gets
a database of its own, named for the run and the worker (two engineers' runs on one server
never share one), created when the worker starts and dropped when it ends.
``KIOSK_TEST_PG_URL`` is rewritten to it before any test module reads it, so the fixtures
and the ``kiosk`` subprocesses the tests start all use it.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

_URL_VAR = "KIOSK_TEST_PG_URL"


def _worker_database_name(config: pytest.Config, base: str) -> str | None:
    """This worker's database name, or None when this process is no xdist worker."""
    workerinput = getattr(config, "workerinput", None)  # set by xdist on its workers only
    if workerinput is None:
        return None
    run = str(workerinput.get("testrunuid", "run"))[:8]
    return f"{base}_{run}_{workerinput['workerid']}"


def _admin(url: sa.URL) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")


def use_worker_database(config: pytest.Config) -> None:
    """Create this worker's database and point ``KIOSK_TEST_PG_URL`` at it.

    An unreachable server leaves the URL alone: the tests that need it then say so
    (skip, or fail under CI) as they do without xdist.
    """
    raw = os.environ.get(_URL_VAR)
    if not raw:
        return
    url = sa.make_url(raw)
    name = _worker_database_name(config, url.database or "kiosk_test")
    if name is None:
        return
    admin = _admin(url)
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        return
    finally:
        admin.dispose()
    config.stash[_ORIGINAL] = raw
    os.environ[_URL_VAR] = url.set(database=name).render_as_string(hide_password=False)


def drop_worker_database(config: pytest.Config) -> None:
    """Drop the database ``use_worker_database`` made, once this worker's tests are done."""
    original = config.stash.get(_ORIGINAL, None)
    if original is None:
        return
    name = sa.make_url(os.environ[_URL_VAR]).database
    os.environ[_URL_VAR] = original
    admin = _admin(sa.make_url(original))
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    except sa.exc.OperationalError:
        pass  # the server went away: nothing left to tidy
    finally:
        admin.dispose()


_ORIGINAL = pytest.StashKey[str]()
