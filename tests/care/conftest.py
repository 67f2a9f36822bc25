"""Day-report fixtures: the store tests' real databases (SQLite file, PostgreSQL schema)."""

from tests.store.conftest import cli_env, db_url, forms_dir, settings, store  # noqa: F401 - fixtures reused
