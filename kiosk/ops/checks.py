"""The health checks behind ``kiosk doctor``, each a function of the settings.

Order matters for the reader: what stops the kiosk from starting comes first.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk.ops.doctor import Check, CheckResult
from kiosk.ops.status import print_queue_depth, spool_depth
from kiosk.paths import RESOURCES
from kiosk.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")
DISK_WARN_BYTES = 2 * 1024**3
DISK_FAIL_BYTES = 200 * 1024**2
CLOCK_SLACK = dt.timedelta(minutes=5)


def display(settings: Settings) -> CheckResult:
    if any(os.environ.get(n) for n in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return CheckResult("display", "ok", "a display is set")
    return CheckResult("display", "warn", "no DISPLAY or WAYLAND_DISPLAY here",
                       "fine for the command line; `kiosk run` needs the cage session (README: Deploy)")


def fonts(settings: Settings) -> CheckResult:
    found = sorted((RESOURCES / "fonts").glob("*.ttf"))
    if not found:
        return CheckResult("fonts", "fail", f"no fonts in {RESOURCES / 'fonts'}", "reinstall the kiosk")
    return CheckResult("fonts", "ok", f"{len(found)} bundled fonts")


def forms(settings: Settings) -> CheckResult:
    from kiosk.forms import FormLoadError, load_library

    try:
        library = load_library(settings.forms_dir, settings.clinic_rules())  # KIOSK_LICENSED_FORMS
    except FormLoadError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid"
        return CheckResult("forms", "fail", f"{settings.forms_dir}: {first}",
                           f"run `kiosk forms validate {settings.forms_dir}` and fix each line")
    if settings.protocol not in library.protocols:
        return CheckResult("forms", "fail", f"protocol {settings.protocol!r} not found",
                           f"set KIOSK_PROTOCOL to one of: {', '.join(sorted(library.protocols))}")
    return CheckResult("forms", "ok", f"{len(library.forms)} forms, protocol {settings.protocol!r}")


def _sqlite_path(settings: Settings) -> Path | None:
    url = settings.database_url
    return Path(url.split("///", 1)[1]) if url.startswith("sqlite:///") else None


def database(settings: Settings) -> CheckResult:
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.store.engine import make_engine
    from kiosk.store.migrate import HEAD_REVISION, current_revision

    path = _sqlite_path(settings)
    if path is not None and not path.exists():
        return CheckResult("database", "warn", f"no database yet at {path}", "it is created on the kiosk's first start")
    try:
        engine = make_engine(settings.database_url, allow_insecure=settings.db_insecure)
    except Exception as exc:  # noqa: BLE001 - a refused URL (e.g. no verify-full) is a finding
        return CheckResult("database", "fail", str(exc).splitlines()[0], "correct KIOSK_DB_URL")
    try:
        with engine.connect() as conn:
            revision = current_revision(conn)
    except SQLAlchemyError as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        return CheckResult("database", "fail", f"not reachable ({reason})",
                           "start the database server or correct KIOSK_DB_URL")
    finally:
        engine.dispose()
    if revision != HEAD_REVISION:
        return CheckResult("database", "warn", f"schema at {revision or 'none'}, this version needs {HEAD_REVISION}",
                           "the next `kiosk run` or store command migrates it")
    return CheckResult("database", "ok", f"reachable, schema {revision}")


def keys(settings: Settings) -> CheckResult:
    from kiosk.store.errors import KeyStoreError
    from kiosk.store.keys import KEY_FILE, PEPPER_FILE, KeyStore
    from kiosk.store.registry import inspect_keys

    if settings.key:
        source = "KIOSK_KEY"
        if not settings.pepper and not (settings.data_dir / PEPPER_FILE).exists():
            return CheckResult("keys", "warn", "KIOSK_KEY is set but there is no PIN pepper yet",
                               "kiosks sharing a database must share KIOSK_PEPPER: set it")
    else:
        path = settings.data_dir / KEY_FILE
        if not path.exists():
            return CheckResult("keys", "warn", f"no key file at {path}",
                               "a new key is made on first start of an empty store; restore the clinic's key otherwise")
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            return CheckResult("keys", "fail", f"{path} is readable by others ({mode:04o})", f"chmod 600 {path}")
        source = str(path)
    try:
        store = KeyStore.load(settings)
        store.pepper()
    except KeyStoreError as exc:
        return CheckResult("keys", "fail", str(exc), "restore the clinic's key file or KIOSK_KEY")
    problem = _look_in_store(settings, lambda conn: inspect_keys(conn, store))
    if problem:
        return CheckResult("keys", "fail", problem, "restore the clinic's key file or KIOSK_KEY / KIOSK_PEPPER")
    return CheckResult("keys", "ok", f"key {store.current_id} and PIN pepper from {source}")


def visits(settings: Settings) -> CheckResult:
    """Every stored visit decrypts: a damaged row is named by id (slow on a big store: not periodic)."""
    from kiosk.store.errors import KeyStoreError
    from kiosk.store.keys import KeyStore
    from kiosk.store.reading import scan_unreadable

    try:
        keys = KeyStore.load(settings)
    except KeyStoreError:
        return CheckResult("visits", "warn", "not checked without a usable key", "see the keys check")
    bad = _look_in_store(settings, lambda conn: scan_unreadable(conn, keys))
    if bad is None:
        return CheckResult("visits", "warn", "no database to look in yet", "it is created on the kiosk's first start")
    if bad:
        ids = ", ".join(str(row.id) for row in bad[:5]) + (" …" if len(bad) > 5 else "")
        return CheckResult("visits", "fail", f"{len(bad)} visit(s) cannot be decrypted: {ids}",
                           "`kiosk audit verify` lists them all; restore them from a backup or their key")
    return CheckResult("visits", "ok", "every stored visit decrypts")


def _look_in_store(settings: Settings, look: Callable[[Connection], T]) -> T | None:
    """``look(conn)`` on a read-only connection; None without a reachable, migrated database."""
    import sqlalchemy as sa

    from kiosk.store.engine import READ_ONLY, make_engine

    path = _sqlite_path(settings)
    if path is not None and not path.exists():
        return None
    engine = make_engine(settings.database_url, allow_insecure=settings.db_insecure)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{READ_ONLY: True})
            with conn.begin():
                if not sa.inspect(conn).has_table("submissions"):
                    return None
                return look(conn)
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def disk(settings: Settings) -> CheckResult:
    folder = settings.data_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    text = f"{free / 1024**3:.1f} GiB free for {settings.data_dir}"
    if free < DISK_FAIL_BYTES:
        return CheckResult("disk", "fail", text, "free space now: visits can no longer be spooled")
    if free < DISK_WARN_BYTES:
        return CheckResult("disk", "warn", text, "free space soon (old exports, logs)")
    return CheckResult("disk", "ok", text)


def spool(settings: Settings) -> CheckResult:
    waiting = spool_depth(settings.data_dir)
    if waiting:
        return CheckResult("spool", "warn", f"{waiting} visit(s) wait in the encrypted spool",
                           "they are stored when the database answers; check the database")
    return CheckResult("spool", "ok", "empty")


def print_queue(settings: Settings) -> CheckResult:
    waiting = print_queue_depth(settings.data_dir)
    if waiting:
        return CheckResult("print queue", "warn", f"{waiting} summary(ies) not printed", "`kiosk print --retry`")
    return CheckResult("print queue", "ok", "empty")


def printer(settings: Settings) -> CheckResult:
    from kiosk.report.printing import PrintError, check_printer

    if not settings.printer:
        return CheckResult("printer", "warn", "none configured", "set KIOSK_PRINTER to print summaries")
    try:
        check_printer(settings.printer)
    except PrintError as exc:
        return CheckResult("printer", "fail", str(exc), "check the printer and CUPS (`lpstat -p`)")
    if _cups_kept_last_summary(settings):
        return CheckResult("printer", "warn", f"{settings.printer!r} accepts jobs, but CUPS kept the last "
                           "printed summary in its spool", "set `PreserveJobFiles No` in cupsd.conf")
    return CheckResult("printer", "ok", f"{settings.printer!r} accepts jobs")


def _cups_kept_last_summary(settings: Settings) -> bool:
    """Whether CUPS still holds the document of the last summary we printed (asked by job id)."""
    from kiosk.report.print_queue import PrintQueue
    from kiosk.report.printing import job_files_kept

    queue = PrintQueue.for_data_dir(settings.data_dir)
    if not queue.path.exists():
        return False
    sent = [job for job in queue.jobs() if job.status == "sent" and job.cups_job]
    return bool(sent) and job_files_kept(str(sent[-1].cups_job), wait=0) is True


def _newest_and_staff(settings: Settings) -> tuple[dt.datetime | None, int] | None:
    """The newest visit's time and the number of enabled staff, or None with no usable database."""
    import sqlalchemy as sa

    from kiosk.store.tables import UTCDateTime, staff_accounts, submissions

    def look(conn: Connection) -> tuple[dt.datetime | None, int]:
        newest = conn.execute(sa.select(sa.func.max(submissions.c.created_at))).scalar()
        staff = conn.execute(sa.select(sa.func.count()).select_from(staff_accounts)
                             .where(staff_accounts.c.disabled.is_(False))).scalar() or 0
        if isinstance(newest, str):  # SQLite's max() returns text, not through the column type
            newest = dt.datetime.fromisoformat(newest)
        if newest is not None:
            newest = UTCDateTime().process_result_value(newest, conn.dialect)
        return newest, int(staff)

    return _look_in_store(settings, look)


def clock(settings: Settings) -> CheckResult:
    now = dt.datetime.now(dt.timezone.utc)
    found = _newest_and_staff(settings)
    newest = found[0] if found else None
    if newest is not None and newest - now > CLOCK_SLACK:
        return CheckResult("clock", "fail", f"now {now:%Y-%m-%d %H:%M} UTC is before the newest visit "
                           f"({newest:%Y-%m-%d %H:%M} UTC)", "set the clock (timedatectl set-ntp true)")
    return CheckResult("clock", "ok", f"{now:%Y-%m-%d %H:%M} UTC")


def staff(settings: Settings) -> CheckResult:
    found = _newest_and_staff(settings)
    if found is None:
        return CheckResult("staff", "warn", "no database to look in yet", "`kiosk staff add NAME --role admin`")
    if found[1] == 0:
        return CheckResult("staff", "warn", "no staff account: nobody can sign in to the desk",
                           "`kiosk staff add NAME --role admin`")
    return CheckResult("staff", "ok", f"{found[1]} account(s)")


def audio(settings: Settings) -> CheckResult:
    """Read-aloud needs espeak-ng and somewhere to play; without them the speaker button hides."""
    from kiosk.speech.voices import read_aloud_output

    output = read_aloud_output(settings.audio_output)
    if settings.audio_output.strip().lower() == "none":
        return CheckResult("audio", "ok", output.description)
    if output.make is None:
        return CheckResult("audio", "warn", f"read-aloud hidden: {output.description}",
                           "connect speakers (or PulseAudio), or set KIOSK_AUDIO_OUTPUT=none to switch it off")
    return CheckResult("audio", "ok", f"read-aloud plays through {output.description}")


ALL_CHECKS: list[tuple[str, Check]] = [
    ("display", display), ("fonts", fonts), ("forms", forms), ("database", database), ("keys", keys),
    ("visits", visits), ("disk", disk), ("spool", spool), ("print queue", print_queue), ("printer", printer),
    ("clock", clock), ("staff", staff), ("audio", audio),
]


def kiosk_checks(settings: Settings) -> list[CheckResult]:
    """What a running kiosk re-checks every few minutes (it has a display and valid forms)."""
    from kiosk.ops.doctor import run_checks

    # visits decrypts every row: on demand only; audio does not change while the kiosk runs
    skip = {"display", "fonts", "forms", "visits", "audio"}
    return run_checks(settings, [(name, check) for name, check in ALL_CHECKS if name not in skip])
