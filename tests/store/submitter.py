"""Child process for the crash and concurrency tests: submits visits in a loop.

Prints ``ready`` once the store is open, then each submission's id only after its commit
returned, so every id the parent reads must be in the database whatever happens next.
Usage: python submitter.py COUNT TAG   (COUNT 0 = until killed)
"""

from __future__ import annotations

import sys

from kiosk.forms import load_library
from kiosk.intake.visit import build_submission
from kiosk.settings import Settings
from kiosk.store import Store


def main() -> int:
    count, tag = int(sys.argv[1]), sys.argv[2]
    settings = Settings()
    library = load_library(settings.forms_dir)
    store = Store.open(settings)
    print("ready", flush=True)
    done = 0
    while count == 0 or done < count:
        answers = {f"q{i}": (done + i) % 4 for i in range(1, 10)}
        visit = {"patient": {"legal_name": f"Crash Tester {tag} {done}", "date_of_birth": "1990-01-01"},
                 "language": "en", "responses": {"phq9": answers}}
        submission = build_submission(library, visit, kiosk_id=f"kiosk-{tag}")
        store.add(submission)
        print(submission.id, flush=True)
        done += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
