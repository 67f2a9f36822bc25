"""``kiosk forms history FORM_ID`` and the store half of ``kiosk forms validate``.

Both read the store's kept form definitions (kiosk.store.definitions); the store is
imported inside the functions so ``kiosk forms`` starts without SQLAlchemy.
"""

from __future__ import annotations

import argparse
import getpass

from kiosk.cli.io import fail, print_json
from kiosk.forms.loader import FormLibrary, FormProblem
from kiosk.forms.versions import unchanged_version_problems
from kiosk.settings import SettingsError, load_settings


def register_history(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``history`` to the ``kiosk forms`` actions (called by forms_cmd.register)."""
    history = actions.add_parser(
        "history", help="every version of a form that visits were answered with",
        epilog="One line per definition: version, sha256, first and last use, number of visits. "
               "'reconstructed' marks visits stored before definitions were kept, shown with the "
               "file of their version as it was when the kiosk was upgraded.",
    )
    history.add_argument("form_id")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    history.set_defaults(handler=_history)


def stored_version_problems(library: FormLibrary) -> list[FormProblem]:
    """Forms whose content changed under a version the configured store already holds.

    No store configured, or none with definitions yet: nothing to compare, no problem. One
    configured but unreachable: said on stderr, and the files alone are judged.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.store import StoreError
    from kiosk.store.definitions import definitions_engine, stored_hashes

    try:
        engine = definitions_engine(load_settings())
    except (SettingsError, StoreError, SQLAlchemyError) as exc:
        fail(f"content not compared with the stored versions: the store cannot be read "
             f"({exc.__class__.__name__})", 0)
        return []
    if engine is None:
        return []
    try:
        return unchanged_version_problems(library, lambda form_id, version: stored_hashes(engine, form_id, version))
    finally:
        engine.dispose()


def _history(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    try:
        with Store.open(load_settings()) as store:
            uses = store.form_history(args.form_id, actor=f"cli:{getpass.getuser()}")
    except (SettingsError, StoreError) as exc:
        return fail(str(exc), 1)
    if args.json:
        print_json([use.to_json() for use in uses])
        return 0
    if not uses:
        print(f"no visits answered form {args.form_id!r}")
        return 0
    print(f"{'version':<10} {'sha256':<64} {'first use':<17} {'last use':<17} {'visits':>6}")
    for use in uses:
        digest = use.digest or "(not stored)"
        print(f"{use.version:<10} {digest:<64} {use.first_used.astimezone():%Y-%m-%d %H:%M} "
              f" {use.last_used.astimezone():%Y-%m-%d %H:%M}  {use.visits:>6}"
              + ("  reconstructed" if use.reconstructed else ""))
    return 0
