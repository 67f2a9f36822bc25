"""The forms of one stored visit exactly as it was answered, for its PDF, FHIR and desk view.

The store hands back the definitions a visit was answered with (``Store.pinned_forms``);
this rebuilds a FormLibrary from them so every report keeps taking a plain library, and
says in ``library.notes`` whenever a form had to come from today's files instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.forms.canonical import CanonicalForm
from kiosk.forms.loader import FormLibrary
from kiosk.intake.submission import FormResponse, Submission


@dataclass(frozen=True)
class AnsweredVisit:
    """A stored visit with the library of the forms it was answered with."""

    submission: Submission
    library: FormLibrary


def definitions_answered(library: FormLibrary, submission: Submission) -> list[CanonicalForm]:
    """The definitions of ``library`` a visit just built from it was answered with (to spool)."""
    return [library.canonical(form_id) for form_id in submission.responses if form_id in library.forms]


def _fallback_note(response: FormResponse, current: FormLibrary) -> str | None:
    """Why today's file stands in for a definition the store does not hold (None: it is the same)."""
    form = current.forms[response.form]
    if response.definition is None:
        if response.version != form.version:
            return None  # the summary's own "answered on version …" note says it
        return (f"Stored before form definitions were kept: shown with today's file of version "
                f"{form.version}, which may differ from what the patient saw.")
    if response.definition == current.canonical(response.form).digest:
        return None
    return (f"The definition this visit was answered with (sha256 {response.definition}) is not in "
            f"the store: shown with today's file, version {form.version}.")


def answered_library(
    current: FormLibrary, submission: Submission, pinned: Mapping[str, CanonicalForm]
) -> FormLibrary:
    """``current`` with each answered form replaced by the definition the visit was answered with."""
    library = FormLibrary(forms=dict(current.forms), protocols=current.protocols)
    for form_id, response in submission.responses.items():
        stored = pinned.get(form_id)
        if stored is not None:
            library.pin(stored)
            if stored.reconstructed and response.definition is None:
                library.notes[form_id] = (
                    f"Stored before form definitions were kept: shown with version {stored.form.version} "
                    "as it was on file when the kiosk was upgraded (reconstructed)."
                )
            continue
        if form_id in current.forms:
            note = _fallback_note(response, current)
            if note:
                library.notes[form_id] = note
    return library
