"""A visit in progress and the record it becomes (no Qt)."""

from kiosk.intake.submission import FormResponse, Patient, Status, Submission
from kiosk.intake.visit import VisitError, build_submission

__all__ = ["FormResponse", "Patient", "Status", "Submission", "VisitError", "build_submission"]
