"""The clinic's MRN: a keyed-hash column to find a patient's visits by it (the MRN itself is
encrypted in the payload with the rest of the patient).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("mrn_index", sa.String(64), nullable=True))
    op.create_index("ix_submissions_mrn_index", "submissions", ["mrn_index"])


def downgrade() -> None:
    op.drop_index("ix_submissions_mrn_index", table_name="submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("mrn_index")
