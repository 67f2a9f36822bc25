"""A visit in progress and the record it becomes (no Qt)."""

from kiosk.intake.answered import AnsweredVisit, answered_library
from kiosk.intake.submission import FormResponse, Patient, Status, Submission
from kiosk.intake.visit import VisitError, build_submission

__all__ = ["AnsweredVisit", "FormResponse", "Patient", "Status", "Submission", "VisitError", "answered_library",
           "build_submission"]
