"""Bringing the schema to the newest Alembic revision, safely when several kiosks start at once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from kiosk.store.engine import READ_ONLY

HEAD_REVISION = "0011"  # tests check this matches the newest script in migrations/versions
MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK = 0x6B696F736B  # any constant shared by every kiosk: "kiosk"


def current_revision(conn: Connection) -> str | None:
    """The revision stamped in the database, None for an empty one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def lock_for_setup(conn: Connection) -> None:
    """Serialise one-time setup (migrations, recording the first key) between kiosks starting at once.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite's BEGIN IMMEDIATE already did.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})


def upgrade(engine: Engine) -> bool:
    """Run pending migrations; a no-op (and no write) when the database is already current.

    True when this call migrated the schema (the first start after an upgrade).
    """
    with engine.connect() as conn:
        conn.execution_options(**{READ_ONLY: True})
        if current_revision(conn) == HEAD_REVISION:
            return False
    # Imported late: Alembic is only needed on the first start after an upgrade.
    from alembic import command
    from alembic.config import Config

    with engine.begin() as conn:  # BEGIN IMMEDIATE on SQLite serialises concurrent starts
        lock_for_setup(conn)
        if current_revision(conn) == HEAD_REVISION:
            return False
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True
