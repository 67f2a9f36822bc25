"""What ``kiosk run`` adds around the kiosk: systemd's notify messages, SIGTERM, the crash
net, the periodic health checks, the fleet heartbeat and the escalation watch.

Both ``kiosk run`` and bench/ui_bench.py start the kiosk through here, so the bench measures
the kiosk with its health checks on. The modules are imported only after the first slide
is painted and the store has answered (its worker imports them meanwhile), except the
little READY=1 and SIGTERM need before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ops.notify import Notifier

if TYPE_CHECKING:
    from kiosk.ui.startup import Startup


def supervise_at_start(startup: Startup) -> None:
    """READY=1 once the first slide is drawn and SIGTERM handled now; the rest as a step."""
    from kiosk.ui.supervision import ServiceNotifier, quit_on_sigterm

    settings = startup.settings

    def status() -> str:
        from kiosk.ops.status import service_status

        return service_status(settings.data_dir)

    ServiceNotifier(Notifier(), status, startup.window).start_after_paint(startup.window.attract)
    quit_on_sigterm(startup.window)
    startup.store_answered.connect(lambda: _watch(startup))  # they import the store's modules


def _watch(startup: Startup) -> None:
    from kiosk.fleet.escalation import kiosk_escalations
    from kiosk.ops.checks import kiosk_checks
    from kiosk.ui.desk.escalation_watch import EscalationWatch
    from kiosk.ui.heartbeat import HeartbeatSender
    from kiosk.ui.supervision import CrashGuard, HealthWatch

    kiosk, link, settings = startup.kiosk, startup.link, startup.settings
    assert kiosk is not None and link is not None
    CrashGuard(kiosk.flow.wipe).install()
    health = HealthWatch(kiosk.window, lambda: kiosk_checks(settings))
    HeartbeatSender(kiosk.window, link, settings.id, lambda: health.last, lambda: kiosk.flow.last_submit_at)
    EscalationWatch(lambda: kiosk_escalations(link.store, settings), parent=kiosk.window)  # even with no desk open
