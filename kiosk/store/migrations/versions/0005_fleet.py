"""Many kiosks, one clinic: when a visit reached the database, kiosk heartbeats, escalations.

``stored_at`` tells a visit delivered late from the spool (its ``created_at`` stays the
moment the patient pressed Submit). Heartbeats and escalations hold no patient data.

Revision ID: 0005
Revises: 0003 (re-chained after the keys branch's 0003; was 0002)
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from kiosk.store.tables import UTCDateTime

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("stored_at", UTCDateTime, nullable=True))
    op.create_table(
        "heartbeats",
        sa.Column("kiosk_id", sa.String(128), primary_key=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("app_version", sa.String(32), nullable=False),
        sa.Column("spool_depth", sa.Integer, nullable=False),
        sa.Column("print_queue_depth", sa.Integer, nullable=False),
        sa.Column("printer_state", sa.String(16), nullable=False),
        sa.Column("last_submit_at", UTCDateTime, nullable=True),
        sa.Column("screen", sa.String(16), nullable=False),
        sa.Column("problems", sa.String(500), nullable=False),
    )
    op.create_table(
        "escalations",
        sa.Column("submission_id", sa.Uuid, primary_key=True),
        sa.Column("first_at", UTCDateTime, nullable=False),
        sa.Column("last_attempt_at", UTCDateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("delivered", sa.String(64), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime, nullable=True),
        sa.Column("acknowledged_by", sa.String(100), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("escalations")
    op.drop_table("heartbeats")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("stored_at")
