"""``kiosk deploy systemd``: write the units and kiosk.toml for a lobby tablet and the desk PC."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from kiosk.cli.io import fail


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    deploy = commands.add_parser("deploy", help="write the files that deploy the kiosk on a Debian machine")
    kinds = deploy.add_subparsers(dest="kind", required=True, metavar="KIND")
    systemd = kinds.add_parser("systemd", help="systemd units (cage kiosk session on tty1, desk) and kiosk.toml")
    systemd.add_argument("--user", required=True, help="the dedicated user the kiosk session runs as")
    systemd.add_argument("--out", type=Path, default=Path("lobby-kiosk-deploy"), metavar="DIR",
                         help="where to write the files (default ./lobby-kiosk-deploy)")
    systemd.add_argument("--kiosk", type=Path, default=None, metavar="PATH",
                         help="the kiosk executable the units start (default: this one)")
    systemd.add_argument("--config", type=Path, default=None, metavar="PATH",
                         help="where kiosk.toml will be installed (default /etc/lobby-kiosk/kiosk.toml)")
    systemd.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                         help="the kiosk's data folder (default /var/lib/lobby-kiosk)")
    systemd.add_argument("--watchdog", type=int, default=30, metavar="SECONDS",
                         help="restart the kiosk when its UI is stuck this long (default 30)")
    systemd.set_defaults(handler=_systemd)


def this_kiosk() -> Path:
    """The executable that is running now, as an absolute path the unit can start."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "kiosk" and argv0.exists():
        return argv0.resolve()
    beside = Path(sys.executable).parent / "kiosk"  # `python -m kiosk` from a venv
    if beside.exists():
        return beside
    found = shutil.which("kiosk")
    return Path(found).resolve() if found else beside


def _systemd(args: argparse.Namespace) -> int:
    from kiosk.ops.deploy import DEFAULT_CONFIG, DEFAULT_DATA_DIR, DeployError, DeployPlan, write_deployment

    plan = DeployPlan(user=args.user, kiosk=args.kiosk or this_kiosk(), config=args.config or DEFAULT_CONFIG,
                      data_dir=args.data_dir or DEFAULT_DATA_DIR, watchdog_seconds=args.watchdog)
    try:
        written = write_deployment(plan, args.out)
    except DeployError as exc:
        return fail(str(exc), 2)
    except OSError as exc:
        return fail(f"cannot write to {args.out}: {exc.strerror or exc}", 1)
    for path in written:
        print(path)
    print(f"next: see README 'Deploy on a lobby tablet' (install the units, kiosk.toml to {plan.config})",
          file=sys.stderr)
    return 0
