"""Key fingerprints the store's rows use, and a key id on every audit entry (keyed chain).

``store_keys`` is filled from the key ids the submissions already carry; the key of the
newest submission becomes current. Audit rows written before this revision keep their
plain SHA-256 chain hash (``key_id`` NULL) and are not re-MACed: the migration has no
key, and re-signing old rows would bless any edit made before the upgrade. They stay
protected all the same, because the first keyed entry's MAC covers the last plain hash.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from kiosk.store.tables import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    keys = op.create_table(
        "store_keys",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("added_at", UTCDateTime, nullable=False),
        sa.Column("retired_at", UTCDateTime, nullable=True),
        sa.Column("audit_key", sa.LargeBinary, nullable=True),
        sa.Column("wrapped_by", sa.String(32), nullable=True),
        sa.CheckConstraint("kind IN ('data', 'pepper')", name="ck_store_keys_kind"),
    )
    op.add_column("audit_log", sa.Column("key_id", sa.String(32), nullable=True))
    conn = op.get_bind()
    used = conn.execute(sa.text(
        "SELECT key_id, MAX(created_at) AS newest FROM submissions GROUP BY key_id ORDER BY newest DESC, key_id"
    )).all()
    now = dt.datetime.now(dt.timezone.utc)
    op.bulk_insert(keys, [
        {"key_id": row.key_id, "kind": "data", "is_current": i == 0, "added_at": now} for i, row in enumerate(used)
    ])


def downgrade() -> None:
    op.drop_column("audit_log", "key_id")
    op.drop_table("store_keys")
