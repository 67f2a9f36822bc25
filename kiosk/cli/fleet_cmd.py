"""``kiosk sync`` (deliver the spool now) and ``kiosk fleet`` (every kiosk's heartbeat)."""

from __future__ import annotations

import argparse

from kiosk.cli.io import fail

EXIT_STILL_DOWN = 3


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = commands.add_parser("sync", help="store the visits waiting in this kiosk's spool now")
    sync.set_defaults(handler=_sync)


def _sync(_args: argparse.Namespace) -> int:
    from kiosk.fleet.delivery import deliver
    from kiosk.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        return fail(str(exc), 2)
    store, result = deliver(settings)
    if store is not None:
        store.close()
    print(f"{result.delivered} visit(s) delivered, {result.waiting} waiting")
    if result.waiting:
        return fail(f"the database is still unavailable ({result.problem}); run `kiosk sync` again later",
                    EXIT_STILL_DOWN)
    return 0
