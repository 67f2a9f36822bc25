"""``kiosk staff add|list|disable|unlock``: one account per staff member, PINs never echoed."""

from __future__ import annotations

import argparse
import getpass
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.cli.io import fail
from kiosk.settings import load_settings

if TYPE_CHECKING:
    from kiosk.staff.service import StaffService

REFUSED = 1  # exit code: the store, key store or an admin's sign-in said no
INVALID = 2  # exit code: a bad name or PIN given


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
    unlock = sub.add_parser(
        "unlock", help="clear an account's lock after wrong PINs; an admin signs in first "
                       "(asks for the admin's name and PIN, or reads them as two lines from stdin)",
    )
    unlock.add_argument("name")
    unlock.add_argument("--admin", metavar="ADMIN", help="the admin's name (else asked)")
    unlock.set_defaults(handler=_unlock)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _read_pin() -> str:
    """Twice at a terminal (so a typo is caught); one line from a pipe for scripts."""
    from kiosk.staff import PinError

    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("PIN (6 to 12 digits, no pattern): ")
    if getpass.getpass("PIN again: ") != first:
        raise PinError("the two PINs differ")
    return first


def _read_admin(given: str | None, who: str = "Admin") -> tuple[str, str]:
    """The admin's (or ``who``'s) name unless given, and PIN: asked at a terminal, else two
    lines from stdin."""
    if not sys.stdin.isatty():
        name = given or sys.stdin.readline().strip()
        return name, sys.stdin.readline().strip()
    name = given or input(f"{who} name: ").strip()
    return name, getpass.getpass(f"PIN of {name}: ")


def _with_service(work: Callable[[StaffService], int]) -> int:
    """Run ``work`` over an open store; a store or key-store failure is one clear line, exit 1."""
    # argon2 and the store load only for the staff commands, not for every `kiosk` run.
    from kiosk.staff import PinError, PinHasher
    from kiosk.staff.service import SignInError, StaffService
    from kiosk.store import Store, StoreError

    try:
        with Store.open(load_settings()) as store:
            service = StaffService(store, PinHasher(store.pepper()), source=f"cli:{socket.gethostname()}")
            return work(service)
    except SignInError as exc:
        return fail(str(exc), REFUSED)
    except StoreError as exc:
        return fail(str(exc), REFUSED)
    except (PinError, ValueError) as exc:
        return fail(str(exc), INVALID)


def _add(args: argparse.Namespace) -> int:
    from kiosk.staff import PinError

    try:
        pin = _read_pin()
    except PinError as exc:
        return fail(str(exc), INVALID)

    def add(service: StaffService) -> int:
        service.add(args.name, pin, args.role, actor=_actor())
        print(f"added {' '.join(args.name.split())} ({args.role})")
        return 0

    return _with_service(add)


def _list(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.staff import is_locked

    def show(service: StaffService) -> int:
        members = service.members()
        now = dt.datetime.now(dt.timezone.utc)
        if not members:
            print("no staff accounts yet: add one with `kiosk staff add NAME`")
        for m in members:
            state = "disabled" if m.disabled else ("locked" if is_locked(m.lock, now) else "active")
            print(f"{m.name:<30} {m.role:<6} {state}")
        return 0

    return _with_service(show)


def _disable(args: argparse.Namespace) -> int:
    def disable(service: StaffService) -> int:
        service.disable(args.name, actor=_actor())
        print(f"disabled {args.name}")
        return 0

    return _with_service(disable)


def _unlock(args: argparse.Namespace) -> int:
    try:
        admin, admin_pin = _read_admin(args.admin)
    except EOFError:
        return fail("no admin name or PIN was given", INVALID)

    def unlock(service: StaffService) -> int:
        service.unlock(args.name, admin=admin, admin_pin=admin_pin)
        print(f"unlocked {' '.join(args.name.split())}")
        return 0

    return _with_service(unlock)
