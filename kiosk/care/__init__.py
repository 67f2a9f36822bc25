"""Care across visits: which forms a visit runs, and what earlier visits tell it (no Qt).

``choice`` picks the protocol for a visit's appointment type; ``every`` leaves out forms
answered too recently; ``history`` reads a patient's earlier visits from the store.
"""

from kiosk.care.choice import planner, protocol_for
from kiosk.care.every import forms_not_asked
from kiosk.care.earlier import history_of, look_up

__all__ = ["forms_not_asked", "history_of", "look_up", "planner", "protocol_for"]
