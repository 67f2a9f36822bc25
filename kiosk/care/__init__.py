"""Care over time: protocol choice, a patient's series of visits, trends and treatment response, the clinic's day report (no Qt).

``choice`` picks the protocol for a visit's appointment type; ``every`` leaves out forms
answered too recently; ``earlier`` reads a patient's earlier visits for them from the store.
"""

from kiosk.care.choice import planner, protocol_for
from kiosk.care.every import forms_not_asked
from kiosk.care.earlier import history_of, look_up

__all__ = ["forms_not_asked", "history_of", "look_up", "planner", "protocol_for"]
