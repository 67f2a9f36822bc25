"""``kiosk doctor``: one line per health check (ok / warn / fail, with the fix).

Checks only look: none creates a database, a key file or a folder, so running the
doctor on a broken machine never makes it worse. The kiosk runs the same checks at start
and every few minutes and shows staff a marker when one fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from kiosk.settings import Settings

Status = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class CheckResult:
    """What one check found; ``fix`` says what to do when it is not ok."""

    name: str
    status: Status
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.status:<4}  {self.name}: {self.detail}"
        return f"{text} — {self.fix}" if self.fix and self.status != "ok" else text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Check = Callable[[Settings], CheckResult]


def run_checks(settings: Settings, checks: Iterable[tuple[str, Check]]) -> list[CheckResult]:
    """Every check, in order; a check that itself breaks is a failure naming the error kind."""
    results = []
    for name, check in checks:
        try:
            results.append(check(settings))
        except Exception as exc:  # noqa: BLE001 - a broken check must not hide the others
            results.append(CheckResult(name, "fail", f"the check itself failed ({type(exc).__name__})",
                                       "report this to the kiosk's maintainers"))
    return results


def worst(results: Iterable[CheckResult]) -> Status:
    statuses = {r.status for r in results}
    return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "ok"
