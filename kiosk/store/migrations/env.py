"""Alembic environment: always run programmatically on a connection the store hands in.

Importing this module outside a migration run (e.g. a test that imports every module)
does nothing: Alembic only provides ``context.config`` while it runs migrations.
"""

from alembic import context


def run_migrations() -> None:
    """Apply the scripts on the connection ``kiosk.store.migrate.upgrade`` passed in."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):
    run_migrations()
