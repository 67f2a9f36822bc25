"""Sessions under way are stored as ``open`` rows: the kiosk they run on, until they end.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"  # after main's 0010 (MRN index); re-chain again if another lands first
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("session_trail") as batch:
        batch.add_column(sa.Column("open_on", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("session_trail") as batch:
        batch.drop_column("open_on")
