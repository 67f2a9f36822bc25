"""Form definitions kept by content hash, so a visit is always shown as it was asked.

Revision ID: 0004
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from kiosk.store.tables import UTCDateTime

revision = "0004"
down_revision = "0005"  # re-chained after 0005 (fleet) at the merge
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_definitions",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("recorded_at", UTCDateTime, nullable=False),
        sa.Column("reconstructed", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_form_definitions_form_id", "form_definitions", ["form_id"])


def downgrade() -> None:
    op.drop_index("ix_form_definitions_form_id", "form_definitions")
    op.drop_table("form_definitions")
