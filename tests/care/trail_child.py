"""A real ``kiosk run`` start-up (offscreen) with one session under way, for the process-stop tests.

Run as a script: it prints ``ready`` once the session's open row is stored, then waits in the
kiosk's own event loop (``run_until_quit``) for the test to send SIGTERM or SIGKILL.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from kiosk.forms import load_library
from kiosk.settings import load_settings
from kiosk.ui.app import launch, run_until_quit
from kiosk.ui.qt_messages import application
from kiosk.ui.supervision import quit_on_sigterm


def main() -> int:
    settings = load_settings()
    library = load_library(settings.forms_dir, settings.clinic_rules())
    app = application(sys.argv[:1])
    kiosk, link, _problem = launch(settings, library)
    kiosk.window.show()
    quit_on_sigterm(kiosk.window, wake_ms=50)

    def begin() -> None:
        if link.store is None:
            QTimer.singleShot(50, begin)
            return
        kiosk.flow.start()  # a tap on the slides: the language screen
        if kiosk.trail_writer.wait_idle(10):
            print("ready", flush=True)

    QTimer.singleShot(0, begin)
    return run_until_quit(app, kiosk, link)


if __name__ == "__main__":
    sys.exit(main())
