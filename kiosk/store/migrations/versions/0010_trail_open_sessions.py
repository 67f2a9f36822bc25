"""Sessions under way are stored as ``open`` rows: the kiosk they run on, until they end.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"  # other branches add migrations too: re-chained at the merge with main
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("session_trail") as batch:
        batch.add_column(sa.Column("open_on", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("session_trail") as batch:
        batch.drop_column("open_on")
