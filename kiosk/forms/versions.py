"""A form whose content changed while its ``version`` did not: old visits would be misread.

Visits record the hash of the definition they were answered with, so nothing stored is
lost; but two different texts under one version make "version 1.0.0" mean two things on
paper, in FHIR and in the history. ``kiosk forms validate`` refuses it when a store holds
a definition of that version.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.forms.loader import FormLibrary, FormProblem

StoredHashes = Callable[[str, str], set[str]]
"""(form id, version) -> hashes the store holds for that version."""


def unchanged_version_problems(library: FormLibrary, stored: StoredHashes) -> list[FormProblem]:
    """One problem per form whose content differs from every stored definition of its version."""
    problems = []
    for form_id, form in library.forms.items():
        known = stored(form_id, form.version)
        now = library.canonical(form_id).digest
        if known and now not in known:
            was = ", ".join(sorted(h[:12] for h in known))
            problems.append(FormProblem(
                library.sources.get(form_id, form_id), "version",
                f"content changed but the version is still {form.version!r} (stored sha256 {was}…, "
                f"this file {now[:12]}…); give the form a new version so earlier visits keep theirs",
            ))
    return problems
