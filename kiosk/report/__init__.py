"""Clinician PDF summary, FHIR export and printing (no Qt)."""
