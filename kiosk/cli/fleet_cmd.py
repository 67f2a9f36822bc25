"""``kiosk sync`` (deliver the spool now) and ``kiosk fleet`` (every kiosk's heartbeat)."""

from __future__ import annotations

import argparse

from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.io import fail, print_json


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = commands.add_parser("sync", help="store the visits waiting in this kiosk's spool now")
    sync.set_defaults(handler=_sync)
    fleet = commands.add_parser("fleet", help="every kiosk's last heartbeat: online, offline, spool, printer")
    fleet.add_argument("--json", action="store_true", help="as JSON")
    fleet.set_defaults(handler=_fleet)


def _sync(_args: argparse.Namespace) -> int:
    from kiosk.fleet.delivery import deliver
    from kiosk.settings import load_settings

    settings = load_settings()  # a bad setting: main() says which, exit 2
    store, result = deliver(settings)
    if store is not None:
        store.close()
    print(f"{result.delivered} visit(s) delivered, {result.waiting} waiting")
    if result.waiting:
        return fail(f"the database is still unavailable ({result.problem}); run `kiosk sync` again later",
                    ExitCode.SPOOLED)
    return 0


def _fleet(args: argparse.Namespace) -> int:
    from kiosk.fleet.heartbeat import fleet_status
    from kiosk.settings import load_settings
    from kiosk.store import Store, StoreError

    settings = load_settings()  # a bad setting: main() says which, exit 2
    try:
        with Store.open(settings) as store:
            kiosks = fleet_status(store.engine)
    except StoreError as exc:
        return fail(str(exc), ExitCode.SPOOLED)
    if args.json:
        print_json([k.as_dict() for k in kiosks])
        return 0
    if not kiosks:
        print("no kiosk has sent a heartbeat yet")
    for k in kiosks:
        state = "online " if k.online else "OFFLINE"
        print(f"{state}  {k.kiosk_id:<20} seen {k.seen_seconds_ago:>4} s ago  {k.screen:<7} {k.summary}")
    return 0
