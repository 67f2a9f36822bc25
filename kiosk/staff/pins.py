"""Staff PIN hashing: argon2id over an HMAC of the PIN with a secret pepper.

Six digits alone are a million guesses, which an offline attacker with a copy of the
database tries in minutes whatever the hash cost. The pepper lives in the key store, not
in the database, so a stolen database alone does not let anyone test guesses.
"""

from __future__ import annotations

import hashlib
import hmac

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PIN_DIGITS = 6

# OWASP's minimum for argon2id is m=19 MiB, t=2, p=1; we use more memory and one more pass.
_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1, type=Type.ID)


class PinError(ValueError):
    """A PIN that does not meet the rules (said in words a staff member understands)."""


def check_pin_format(pin: str) -> None:
    """Raise PinError unless ``pin`` is at least six digits and nothing else."""
    if not pin.isdigit() or not pin.isascii():
        raise PinError("a PIN may contain digits only")
    if len(pin) < MIN_PIN_DIGITS:
        raise PinError(f"a PIN needs at least {MIN_PIN_DIGITS} digits")


class PinHasher:
    """Hashes and verifies PINs with the clinic's pepper."""

    def __init__(self, pepper: bytes) -> None:
        if len(pepper) < 16:
            raise ValueError("pepper must be at least 16 bytes")
        self._pepper = pepper

    def _peppered(self, pin: str) -> bytes:
        return hmac.new(self._pepper, pin.encode("utf-8"), hashlib.sha256).digest()

    def hash(self, pin: str) -> str:
        """An argon2id hash string for a valid PIN (PinError otherwise)."""
        check_pin_format(pin)
        return _HASHER.hash(self._peppered(pin))

    def verify(self, pin_hash: str, pin: str) -> bool:
        """True when ``pin`` matches; never raises for a wrong or malformed PIN."""
        try:
            return _HASHER.verify(pin_hash, self._peppered(pin))
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def needs_rehash(pin_hash: str) -> bool:
        return _HASHER.check_needs_rehash(pin_hash)
