"""Reviewed, printed and exported become separate facts (who and when each) instead of one status.

The old ``status`` held only the furthest step (new < reviewed < exported < printed), so an
export overwrote a review. What is carried over is exactly what is known:

- a visit whose status was ``new`` gets no fact (the old code moved the status on every
  review, print and export, so none happened);
- any other visit gets the fact its status names, plus every fact the audit log records
  for it: a ``status.change`` to ``reviewed`` (the first one: the first reviewer stands),
  an ``export`` row, a ``print`` row (the newest of each: the latest copy). Who and when come
  from those audit rows;
- an exported or printed status does NOT by itself imply a review: the old workflow let a
  visit be exported without one. Only the audit log's record of a review carries one over;
- a fact the status names that the audit log does not record (rows of a purged or older
  log) is kept with ``by`` = "unknown" and no time, rather than an invented one.

The downgrade writes back the furthest step as the old status.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from kiosk.store.tables import UTCDateTime

revision = "0007"
down_revision = "0006"  # re-chained at the merge with the other branches' 0008/0009
branch_labels = None
depends_on = None

STEPS = ("reviewed", "printed", "exported")
OLD_ORDER = ("new", "reviewed", "exported", "printed")
UNKNOWN = "unknown"
AUDIT_ACTIONS = {"export": "exported", "print": "printed"}

audit = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", UTCDateTime),
                 sa.column("actor", sa.String), sa.column("action", sa.String),
                 sa.column("submission_id", sa.Uuid), sa.column("detail", sa.String))


def _facts_table(with_status: bool) -> Any:
    columns = [sa.column("id", sa.Uuid)]
    for step in STEPS:
        columns += [sa.column(f"{step}_by", sa.String), sa.column(f"{step}_at", UTCDateTime)]
    if with_status:
        columns.append(sa.column("status", sa.String))
    return sa.table("submissions", *columns)


def _audited_facts(conn: sa.Connection) -> dict[Any, dict[str, tuple[str, Any]]]:
    """Per submission, the facts the audit log records: first review, newest export and print."""
    facts: dict[Any, dict[str, tuple[str, Any]]] = {}
    rows = conn.execute(
        sa.select(audit.c.submission_id, audit.c.at, audit.c.actor, audit.c.action, audit.c.detail)
        .where(audit.c.submission_id.is_not(None),
               audit.c.action.in_(["status.change", *AUDIT_ACTIONS]))
        .order_by(audit.c.id)
    )
    for row in rows:
        if row.action == "status.change":
            if str(row.detail).endswith("->reviewed"):
                facts.setdefault(row.submission_id, {}).setdefault("reviewed", (row.actor, row.at))
        else:
            facts.setdefault(row.submission_id, {})[AUDIT_ACTIONS[row.action]] = (row.actor, row.at)
    return facts


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        for step in STEPS:
            batch.add_column(sa.Column(f"{step}_by", sa.String(128), nullable=True))
            batch.add_column(sa.Column(f"{step}_at", UTCDateTime, nullable=True))
    conn = op.get_bind()
    table = _facts_table(with_status=True)
    audited = _audited_facts(conn)
    for row in conn.execute(sa.select(table.c.id, table.c.status).where(table.c.status != "new")).all():
        known = dict(audited.get(row.id, {}))
        if row.status in STEPS:
            known.setdefault(row.status, (UNKNOWN, None))
        values = {}
        for step, (by, at) in known.items():
            values[f"{step}_by"], values[f"{step}_at"] = by, at
        if values:
            conn.execute(sa.update(table).where(table.c.id == row.id).values(**values))
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("status")


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="new"))
    conn = op.get_bind()
    table = _facts_table(with_status=True)
    for status in OLD_ORDER[1:]:  # the furthest step wins, as the old status held it
        conn.execute(sa.update(table).where(table.c[f"{status}_by"].is_not(None)).values(status=status))
    with op.batch_alter_table("submissions") as batch:
        for step in STEPS:
            batch.drop_column(f"{step}_by")
            batch.drop_column(f"{step}_at")
