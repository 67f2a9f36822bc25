"""The anonymous session trail and per-screen time, for the clinic's day report.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"  # re-chained at the merge with main (0007 handling facts, 0008 history links)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_trail",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("last_screen", sa.String(160), nullable=False),
        sa.Column("seconds", sa.Integer, nullable=False),
    )
    op.create_index("ix_session_trail_day", "session_trail", ["day"])
    op.create_table(
        "screen_time",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("screen", sa.String(160), primary_key=True),
        sa.Column("views", sa.Integer, nullable=False),
        sa.Column("seconds", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("screen_time")
    op.drop_table("session_trail")
