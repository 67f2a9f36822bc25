"""``kiosk history show|link|unlink``: a patient's visits over time, and joining two spellings.

Each needs a staff member's sign-in (name and PIN, asked at a terminal or two lines on stdin),
and every read and change is written to the audit log under that member, as at the desk.
Output names visits by short id and date, never by the patient's name.
"""

from __future__ import annotations

import argparse
import socket
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.cli.io import fail
from kiosk.cli.report_cmd import _submission_id
from kiosk.cli.staff_cmd import INVALID, REFUSED, _read_admin
from kiosk.settings import load_settings

if TYPE_CHECKING:
    from kiosk.store import Store

Work = Callable[["Store", str], int]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    history = commands.add_parser(
        "history", help="a patient's visits over time; link two histories when a name was typed two ways",
        epilog="A staff member signs in first (asks for name and PIN, or reads them as two lines "
               "from stdin). Exit codes: 0 done, 1 refused (sign-in, store, unknown visit), 2 bad arguments.",
    )
    sub = history.add_subparsers(dest="history_command", required=True, metavar="ACTION")
    show = sub.add_parser("show", help="every visit of the patient of visit ID, with its scores")
    show.add_argument("id", type=_submission_id, metavar="ID")
    show.set_defaults(handler=_show)
    for action, words in (("link", "declare the patients of two visits one person (audited)"),
                          ("unlink", "undo a link made by hand (audited)")):
        parser = sub.add_parser(action, help=words)
        parser.add_argument("first", type=_submission_id, metavar="ID1")
        parser.add_argument("second", type=_submission_id, metavar="ID2")
        parser.set_defaults(handler=_link, undo=action == "unlink")
    for parser in sub.choices.values():
        parser.add_argument("--staff", metavar="NAME", help="the signing-in staff member's name (else asked)")


def _signed_in(args: argparse.Namespace, work: Work) -> int:
    """Open the store, sign the staff member in, run ``work`` as them; one clear line on failure."""
    from kiosk.staff import PinHasher
    from kiosk.staff.service import SignInError, StaffService
    from kiosk.store import Store, StoreError

    try:
        name, pin = _read_admin(args.staff, "Staff")
    except EOFError:
        return fail("no staff name or PIN was given", INVALID)
    try:
        with Store.open(load_settings()) as store:
            service = StaffService(store, PinHasher(store.pepper()), source=f"cli:{socket.gethostname()}")
            member = service.sign_in(name, pin)
            return work(store, f"staff:{member.id}")
    except (SignInError, StoreError) as exc:
        return fail(str(exc), REFUSED)
    except ValueError as exc:
        return fail(str(exc), INVALID)


def _ids(store: Store, *typed: str) -> list[uuid.UUID]:
    return [store.resolve_id(text) for text in typed]


def _link(args: argparse.Namespace) -> int:
    """``link`` or, with ``args.undo``, ``unlink``."""
    def link(store: Store, actor: str) -> int:
        first, second = _ids(store, args.first, args.second)
        if args.undo:
            store.unlink_histories(first, second, actor=actor)
            print(f"unlinked {first.hex[:8]} and {second.hex[:8]}")
        else:
            store.link_histories(first, second, actor=actor)
            print(f"linked {first.hex[:8]} and {second.hex[:8]}: one patient's history")
        return 0

    return _signed_in(args, link)


def _show(args: argparse.Namespace) -> int:
    from kiosk.care.series import is_infusion
    from kiosk.report.wording import local_time

    def show(store: Store, actor: str) -> int:
        [visit_id] = _ids(store, args.id)
        visit = store.get(visit_id, actor=actor)
        for seen in store.history(visit, actor=actor):
            scores = " ".join(f"{form}.{score}={value.value}" for form, response in seen.responses.items()
                              for score, value in response.scores.items())
            kind = "infusion" if is_infusion(seen) else "visit"
            print(f"{local_time(seen.created_at):%Y-%m-%d %H:%M}  {seen.id.hex[:8]}  {kind:<8}  {scores}")
        for first, second in store.history_links_of(visit):
            print(f"linked by hand: {first.hex[:8]} = {second.hex[:8]}")
        return 0

    return _signed_in(args, show)
