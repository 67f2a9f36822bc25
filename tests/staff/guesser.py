"""A child process for the parallel-guess test: one staff sign-in try per line on stdin.

    python guesser.py NAME PIN   prints "ready" once the store is open, then for each line
                                 read tries NAME/PIN once and prints the outcome: "ok", or
                                 the refusal's class name (SignInError, AccountLocked, ...).
"""

from __future__ import annotations

import sys

from kiosk.settings import Settings
from kiosk.staff import PinHasher
from kiosk.staff.service import SignInError, StaffService
from kiosk.store import Store


def main(name: str, pin: str) -> None:
    with Store.open(Settings()) as store:
        staff = StaffService(store, PinHasher(store.pepper()), source="kiosk:test")
        print("ready", flush=True)
        for _ in sys.stdin:
            try:
                staff.sign_in(name, pin)
                print("ok", flush=True)
            except SignInError as exc:
                print(type(exc).__name__, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
