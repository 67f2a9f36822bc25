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
MAX_PIN_DIGITS = 12  # the PIN pad's limit; a longer "PIN" is a paste, not a PIN

# Among the most used six-digit PINs in leaked lists (Wang et al., "Understanding human-chosen
# PINs", IEEE S&P 2020, and DataGenetics' PIN analysis), beyond the repeats and runs caught
# by rule: keyboard and keypad patterns, doubled and mirrored halves, years.
COMMON_PINS = frozenset({
    "121212", "123123", "112233", "111222", "123321", "654456", "131313", "101010", "100200",
    "102030", "112358", "147258", "159753", "159357", "147852", "258369", "741852", "789456",
    "456123", "123654", "696969", "520520", "520131", "131420", "232323", "252525", "202020",
    "200000", "100000", "110110", "119119", "123789", "142536", "321321", "753951", "951753",
    "135790", "246810", "369369", "242424", "212121", "778899", "998877", "080808",
})

# A hash of random bytes with the same parameters: sign-in checks a typed PIN against it for
# an unknown or disabled name, so those take exactly as long as a wrong PIN (no timing hint).
DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=1$DcMJ4CaRFLXCnqa9GiObXA$kuKhbPmdm9hO8g8CSpAhwOL+Nk+WCfDTcAgVMTKNio0"

# OWASP's minimum for argon2id is m=19 MiB, t=2, p=1; we use more memory and one more pass.
_HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1, type=Type.ID)


class PinError(ValueError):
    """A PIN that does not meet the rules (said in words a staff member understands)."""


def check_pin_format(pin: str) -> None:
    """Raise PinError unless ``pin`` is 6 to 12 digits and not one an attacker tries first."""
    if not pin.isdigit() or not pin.isascii():
        raise PinError("a PIN may contain digits only")
    if len(pin) < MIN_PIN_DIGITS:
        raise PinError(f"a PIN needs at least {MIN_PIN_DIGITS} digits")
    if len(pin) > MAX_PIN_DIGITS:
        raise PinError(f"a PIN may have at most {MAX_PIN_DIGITS} digits")
    weak = _weakness(pin)
    if weak:
        raise PinError(f"that PIN is too easy to guess ({weak}); choose digits without a pattern")


def _weakness(pin: str) -> str | None:
    """Why ``pin`` is among the first an attacker tries (None when it is not)."""
    if len(set(pin)) == 1:
        return "all one digit"
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:])}
    if steps == {1}:
        return "the digits count up"
    if steps == {9}:
        return "the digits count down"
    if any(pin == (pin[:size] * len(pin))[: len(pin)] for size in (2, 3)):
        return "a short pattern repeated"
    if pin in COMMON_PINS:
        return "one of the most common PINs"
    return None


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

    def verify_dummy(self, pin: str) -> bool:
        """The same work as ``verify`` against no account (always False)."""
        self.verify(DUMMY_HASH, pin)
        return False

    @staticmethod
    def needs_rehash(pin_hash: str) -> bool:
        return _HASHER.check_needs_rehash(pin_hash)
