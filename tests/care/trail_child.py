"""``kiosk run``'s start-up (kiosk.ui.startup, offscreen) with one session under way, for the
process-stop tests.

Run as a script: it prints ``ready`` once the session's open row is stored, then waits in the
event loop, closing as ``kiosk run`` does (``Startup.close``), for SIGTERM or SIGKILL.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from kiosk.settings import load_settings
from kiosk.ui.qt_messages import application
from kiosk.ui.startup import Startup
from kiosk.ui.supervision import quit_on_sigterm


def main() -> int:
    app = application(sys.argv[:1])
    startup = Startup(load_settings())
    startup.window.show()
    quit_on_sigterm(startup.window, wake_ms=50)

    def begin() -> None:
        link, kiosk = startup.link, startup.kiosk
        if kiosk is None or link is None or link.store is None or startup.trail_writer is None:
            QTimer.singleShot(50, begin)
            return
        kiosk.flow.start()  # a tap on the slides: the language screen
        if startup.trail_writer.wait_idle(10):
            print("ready", flush=True)

    QTimer.singleShot(0, begin)
    try:
        return int(app.exec())
    finally:
        startup.close()


if __name__ == "__main__":
    sys.exit(main())
