"""Child processes for the crash and concurrency tests: submit visits in a loop.

Each submission's id is written only after its commit returned, so every id a test reads
must be in the database whatever happens next.

    python submitter.py COUNT TAG   submit COUNT visits (0 = until killed), ids on stdout
    python submitter.py serve       fork server: imports once, then per stdin line
                                    "TAG IDS_FILE" forks a writer (ids into IDS_FILE) and
                                    prints its pid; "reap PID" waits for it and prints the
                                    signal that ended it. Forking keeps 20 SIGKILL rounds fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from kiosk.forms import FormLibrary, load_library
from kiosk.intake.visit import build_submission
from kiosk.settings import Settings
from kiosk.store import Store


def submit_loop(settings: Settings, library: FormLibrary, tag: str, count: int, report: Callable[[str], None]) -> None:
    store = Store.open(settings)
    report("ready")
    done = 0
    while count == 0 or done < count:
        answers = {f"q{i}": (done + i) % 4 for i in range(1, 10)}
        visit = {"patient": {"legal_name": f"Crash Tester {tag} {done}", "date_of_birth": "1990-01-01"},
                 "language": "en", "responses": {"phq9": answers}}
        submission = build_submission(library, visit, kiosk_id=f"kiosk-{tag}")
        store.add(submission)
        report(str(submission.id))
        done += 1
    store.close()


def serve(settings: Settings, library: FormLibrary) -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        command, arg = line.split()
        if command == "reap":
            _, status = os.waitpid(int(arg), 0)
            print(-os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status), flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            fd = os.open(arg, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

            def report(text: str) -> None:
                os.write(fd, f"{text}\n".encode())

            try:
                submit_loop(settings, library, command, 0, report)
            finally:
                os._exit(1)
        print(pid, flush=True)


def main() -> int:
    settings = Settings()
    library = load_library(settings.forms_dir)
    if sys.argv[1] == "serve":
        serve(settings, library)
    else:
        submit_loop(settings, library, sys.argv[2], int(sys.argv[1]), lambda text: print(text, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
