"""Visits of one patient typed two ways, linked by hand into one history.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from kiosk.store.tables import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_links",
        sa.Column("visit_a", sa.Uuid, primary_key=True),
        sa.Column("visit_b", sa.Uuid, primary_key=True),
        sa.Column("linked_at", UTCDateTime, nullable=False),
        sa.Column("linked_by", sa.String(128), nullable=False),
    )
    op.create_index("ix_history_links_visit_b", "history_links", ["visit_b"])


def downgrade() -> None:
    op.drop_index("ix_history_links_visit_b", table_name="history_links")
    op.drop_table("history_links")
