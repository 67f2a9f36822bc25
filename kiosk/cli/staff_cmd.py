"""``kiosk staff add|list|disable``: one account per staff member, PINs never echoed."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.cli.io import fail
from kiosk.settings import load_settings

if TYPE_CHECKING:
    from kiosk.staff.service import StaffService
    from kiosk.store import Store


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff = commands.add_parser("staff", help="manage front-desk staff accounts")
    sub = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = sub.add_parser(
        "add", help="add an account; asks for the PIN twice (or reads one line from stdin)"
    )
    add.add_argument("name")
    add.add_argument("--role", choices=["desk", "admin"], default="desk")
    add.set_defaults(handler=_add)
    sub.add_parser("list", help="list accounts").set_defaults(handler=_list)
    disable = sub.add_parser("disable", help="disable an account (it can no longer sign in)")
    disable.add_argument("name")
    disable.set_defaults(handler=_disable)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _read_pin() -> str:
    """Twice at a terminal (so a typo is caught); one line from a pipe for scripts."""
    from kiosk.staff import PinError

    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("PIN (at least 6 digits): ")
    if getpass.getpass("PIN again: ") != first:
        raise PinError("the two PINs differ")
    return first


def _service() -> tuple[Store, StaffService]:
    """The store and staff service; StoreError when either cannot be had (wrong key or pepper)."""
    # argon2 and the store load only for the staff commands, not for every `kiosk` run.
    from kiosk.staff import PinHasher
    from kiosk.staff.service import StaffService
    from kiosk.store import Store

    store = Store.open(load_settings())
    try:
        return store, StaffService(store, PinHasher(store.pepper()))
    except BaseException:
        store.close()
        raise


def _opened() -> tuple[Store, StaffService] | int:
    """``_service()``, or the exit code after saying why not (never a traceback)."""
    from kiosk.store import StoreError

    try:
        return _service()
    except StoreError as exc:
        return fail(str(exc), 1)


def _add(args: argparse.Namespace) -> int:
    from kiosk.staff import PinError

    try:
        pin = _read_pin()
    except PinError as exc:
        return fail(str(exc), 2)
    opened = _opened()
    if isinstance(opened, int):
        return opened
    store, service = opened
    with store:
        try:
            service.add(args.name, pin, args.role, actor=_actor())
        except (PinError, ValueError) as exc:
            return fail(str(exc), 2)
    print(f"added {' '.join(args.name.split())} ({args.role})")
    return 0


def _list(args: argparse.Namespace) -> int:
    opened = _opened()
    if isinstance(opened, int):
        return opened
    store, service = opened
    with store:
        members = service.members()
    if not members:
        print("no staff accounts yet: add one with `kiosk staff add NAME`")
    for m in members:
        state = "disabled" if m.disabled else ("locked" if m.lock.locked_until else "active")
        print(f"{m.name:<30} {m.role:<6} {state}")
    return 0


def _disable(args: argparse.Namespace) -> int:
    opened = _opened()
    if isinstance(opened, int):
        return opened
    store, service = opened
    with store:
        try:
            service.disable(args.name, actor=_actor())
        except ValueError as exc:
            return fail(str(exc), 2)
    print(f"disabled {args.name}")
    return 0
