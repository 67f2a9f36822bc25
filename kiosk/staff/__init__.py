"""Staff PINs and lockout: pure rules, no Qt and no SQL (the store persists the state)."""

from kiosk.staff.lockout import LockState, is_locked, register_failure, register_success
from kiosk.staff.pins import PinError, PinHasher, check_pin_format

__all__ = [
    "LockState",
    "PinError",
    "PinHasher",
    "check_pin_format",
    "is_locked",
    "register_failure",
    "register_success",
]
