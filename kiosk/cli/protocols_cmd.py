"""``kiosk protocols show``: which forms a visit of each appointment type runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.care.choice import protocol_for
from kiosk.cli.exit_codes import ExitCode
from kiosk.cli.io import fail, print_json
from kiosk.forms import FormLoadError, load_library
from kiosk.forms.coverage import appointment_types
from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import VisitProtocol
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = commands.add_parser("protocols", help="which forms each kind of visit runs").add_subparsers(
        dest="protocols_command", required=True, metavar="ACTION")
    show = actions.add_parser(
        "show", help="the forms a visit of each appointment type runs (the check-in's answer chooses)",
        epilog="KIOSK_PROTOCOL, when set, is the one list every visit runs. A form marked 'at most "
               "every N days' is left out when the same patient answered it within N days.",
    )
    show.add_argument("--appointment", metavar="TYPE", help="only this appointment type (e.g. infusion)")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.add_argument("--forms-dir", type=Path, default=None, help="forms folder (default: the configured one)")
    show.set_defaults(handler=_show)


def _visit(library: FormLibrary, protocol: VisitProtocol) -> dict[str, Any]:
    forms = []
    for form_id in protocol.forms:
        form = library.forms[form_id]
        forms.append({"id": form_id, "title": (form.short_title or form.title).en,
                      "at_most_every_days": protocol.at_most_every_days.get(form_id)})
    return {"protocol": protocol.id, "title": protocol.title.en, "forms": forms}


def _line(kind: str, visit: dict[str, Any]) -> str:
    names = [f["id"] + (f" (at most every {f['at_most_every_days']} days)" if f["at_most_every_days"] else "")
             for f in visit["forms"]]
    return f"{kind}: {visit['protocol']} ({visit['title']}): {', '.join(names)}"


def _show(args: argparse.Namespace) -> int:
    settings = load_settings()
    directory = args.forms_dir or settings.forms_dir
    try:
        library = load_library(directory, settings.clinic_rules())
    except FormLoadError as exc:
        return fail(f"invalid forms (kiosk forms validate {directory} lists them):\n{exc}", ExitCode.FAILED)
    fixed = settings.protocol
    if fixed and fixed not in library.protocols:
        return fail(f"KIOSK_PROTOCOL names unknown protocol {fixed!r} (known: {', '.join(library.protocols)})",
                    ExitCode.USAGE)
    types = list(appointment_types(library.forms)) or ["any"]
    if args.appointment is not None:
        if args.appointment not in types:
            return fail(f"unknown appointment type {args.appointment[:40]!r} (the check-in offers: "
                        f"{', '.join(types)})", ExitCode.USAGE)
        types = [args.appointment]
    visits = {kind: _visit(library, protocol_for(library, kind, fixed)) for kind in types}
    if args.json:
        print_json({"fixed_protocol": fixed or None, "appointment_types": visits})
        return ExitCode.OK
    if fixed:
        print(f"KIOSK_PROTOCOL={fixed}: every visit runs this one list, whatever its appointment type")
    for kind, visit in visits.items():
        print(_line(kind, visit))
    return ExitCode.OK
