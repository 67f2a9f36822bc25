"""Failed staff sign-ins counted per source (kiosk, desk, command line) as well as per account.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from kiosk.store.tables import UTCDateTime

revision = "0006"
down_revision = "0004"  # after 0005 (fleet) and 0004 (form definitions), re-chained at the merge
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_sources",
        sa.Column("source", sa.String(128), primary_key=True),
        sa.Column("failed_count", sa.Integer, nullable=False),
        sa.Column("lock_count", sa.Integer, nullable=False),
        sa.Column("locked_until", UTCDateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("signin_sources")
