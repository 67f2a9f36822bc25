"""Writing visits the way revisions before 0007 stored them (one ``status`` column), for upgrade tests."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from kiosk.intake.submission import Submission
from kiosk.store.codec import encode
from kiosk.store.keys import KeyStore
from kiosk.store.tables import UTCDateTime

OLD_COLUMNS = ("id", "created_at", "kiosk_id", "severity", "severity_rank", "blind_index", "key_id", "payload")

old_submissions = sa.table(
    "submissions", sa.column("id", sa.Uuid), sa.column("created_at", UTCDateTime),
    sa.column("kiosk_id", sa.String), sa.column("status", sa.String), sa.column("severity", sa.String),
    sa.column("severity_rank", sa.SmallInteger), sa.column("blind_index", sa.String),
    sa.column("key_id", sa.String), sa.column("payload", sa.LargeBinary),
)


def migrate_to(conn: sa.Connection, revision: str) -> None:
    """Bring the schema of ``conn`` to ``revision`` (an older one than the head, for upgrade tests)."""
    from alembic import command
    from alembic.config import Config

    from kiosk.store.migrate import MIGRATIONS, current_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)
    assert current_revision(conn) == revision


def insert_old(conn: sa.Connection, submission: Submission, keys: KeyStore, status: str = "new") -> None:
    """One row as revisions 0001 to 0006 wrote it."""
    values: dict[str, Any] = encode(submission, keys, keys.current_id)
    conn.execute(sa.insert(old_submissions).values(status=status, **{k: values[k] for k in OLD_COLUMNS}))
