"""A visit in progress and the record it becomes (no Qt)."""

from kiosk.intake.answered import AnsweredVisit, answered_library
from kiosk.intake.handling import Fact, Handling, Step
from kiosk.intake.submission import FormResponse, Patient, Submission
from kiosk.intake.visit import VisitError, build_submission

__all__ = ["AnsweredVisit", "Fact", "FormResponse", "Handling", "Patient", "Step", "Submission", "VisitError", "answered_library",
           "build_submission"]
