"""``kiosk key rotate|generate|list|retire`` and ``kiosk audit verify|export-anchor``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kiosk.cli.io import actor, fail
from kiosk.cli.progress import progress
from kiosk.settings import load_settings

if TYPE_CHECKING:
    from kiosk.store import AuditReport, Store, UnreadableRow


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    key = commands.add_parser("key", help="manage the encryption keys")
    key_sub = key.add_subparsers(dest="key_command", required=True, metavar="ACTION")
    key_sub.add_parser("rotate", help="re-encrypt every row with a new key").set_defaults(handler=_rotate)
    key_sub.add_parser("generate", help="print a new random key for KIOSK_KEY").set_defaults(handler=_generate)
    key_sub.add_parser("list", help="the key fingerprints this store records").set_defaults(handler=_list)
    retire = key_sub.add_parser("retire", help="drop an old key once no visit uses it (after a rotation)")
    retire.add_argument("fingerprint", metavar="FINGERPRINT", help="the key id, as `kiosk key list` shows it")
    retire.set_defaults(handler=_retire)

    audit = commands.add_parser("audit", help="check the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="detect edited, forged or deleted audit rows and unreadable visits")
    verify.add_argument("--anchor", metavar="LINE", help="check against this anchor (as export-anchor printed it) "
                        "instead of the newest one in the local anchor file")
    verify.set_defaults(handler=_verify)
    audit_sub.add_parser(
        "export-anchor", help="verify, then print the log's head for keeping off-site"
    ).set_defaults(handler=_export_anchor)


def _open() -> Store:
    from kiosk.store import Store

    return Store.open(load_settings())


def _rotate(_args: argparse.Namespace) -> int:
    from kiosk.store import StoreError, rotate_keys

    try:
        with _open() as store, progress(store.count(), "re-encrypting", "row") as shown:
            result = rotate_keys(store, actor=actor(), after_batch=shown.done)
    except StoreError as exc:
        return fail(str(exc), 1)
    print(f"re-encrypted {result.rows} submission(s) and {result.spooled} spooled visit(s) "
          f"with key {result.key_id}")
    for visit_id in result.unreadable:
        print(f"skipped unreadable visit {visit_id} (cannot be decrypted; it keeps its old key)")
    for name in result.unreadable_spool:
        print(f"skipped unreadable spool file {name}")
    return 0


def _generate(_args: argparse.Namespace) -> int:
    from kiosk.store import new_key_text

    print(new_key_text())
    return 0


def _list(_args: argparse.Namespace) -> int:
    from kiosk.store import StoreError
    from kiosk.store.registry import listing

    try:
        with _open() as store, store.engine.connect() as conn:
            rows = listing(conn)
            held = set(store.keys.key_ids)
    except StoreError as exc:
        return fail(str(exc), 1)
    for key_id, kind, state, visits in rows:
        here = "" if kind == "pepper" else ("  (in this key store)" if key_id in held else "  (not in this key store)")
        used = f"{visits} visit(s)" if kind == "data" else "staff PIN pepper"
        print(f"{key_id}  {state:<8} {used}{here}")
    return 0


def _retire(args: argparse.Namespace) -> int:
    from kiosk.store import StoreError, retire_key

    try:
        with _open() as store:
            retire_key(store, args.fingerprint, actor=actor())
            from_file = store.keys.from_file
    except StoreError as exc:
        return fail(str(exc), 1)
    where = "removed from the key file" if from_file else "now remove it from KIOSK_KEY"
    print(f"retired key {args.fingerprint}: {where}; its audit entries still verify")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from kiosk.store import Anchor, AnchorError, StoreError

    try:
        anchor = Anchor.parse(args.anchor) if args.anchor else None
    except AnchorError as exc:
        return fail(str(exc), 2)
    try:
        with _open() as store:
            report = store.verify_audit(anchor)
            unreadable = store.unreadable_visits()
    except StoreError as exc:
        return fail(str(exc), 1)
    _print_report(report, unreadable, store)
    if report.problems or unreadable:
        what = [f"{len(report.problems)} problem(s) in {report.rows} audit row(s)"] if report.problems else []
        what += [f"{len(unreadable)} unreadable visit(s)"] if unreadable else []
        label = "audit log damaged" if report.problems else "audit log intact"
        return fail(f"{label}; " + ", ".join(what), 1)
    print(f"audit log intact: {report.rows} row(s)")
    return 0


def _print_report(report: AuditReport, unreadable: list[UnreadableRow], store: Store) -> None:
    if report.problems:
        print(f"first problem at: {report.problems[0]}")
        for problem in report.problems:
            print(problem)
    if report.unkeyed_until:
        print(f"rows 1..{report.unkeyed_until} predate the keyed chain (plain SHA-256, written before "
              f"revision 0003); the keyed chain starts at row {report.unkeyed_until + 1}")
    if report.anchor is None:
        path = store.anchors.path if store.anchors is not None else "the anchor file"
        print(f"note: no anchor to check against ({path} has none yet): removal of the newest rows "
              "cannot be detected; keep `kiosk audit export-anchor` output off-site")
    else:
        print(f"checked against the anchor of row {report.anchor.id} taken at {report.anchor.at.isoformat()}")
    for row in unreadable:
        print(f"unreadable visit {row.id} (key {row.key_id}, stored {row.created_at.isoformat()}): "
              "cannot be decrypted")


def _export_anchor(_args: argparse.Namespace) -> int:
    from kiosk.store import StoreError

    try:
        with _open() as store:
            report = store.verify_audit()
            newest = store.anchors.newest() if store.anchors is not None else None
    except StoreError as exc:
        return fail(str(exc), 1)
    if report.problems:
        for problem in report.problems:
            print(problem)
        return fail("audit log damaged: no anchor exported (run `kiosk audit verify`)", 1)
    if newest is None:
        return fail("the audit log has no keyed entries yet: nothing to anchor", 1)
    print(newest.line())
    return 0
