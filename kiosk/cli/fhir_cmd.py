"""``kiosk forms export-fhir`` (a FHIR R4 Questionnaire per form) and reading ``kiosk submit --fhir``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.io import InputError, fail, read_json
from kiosk.forms import FormLibrary, FormLoadError, load_library
from kiosk.settings import Settings, load_settings
from kiosk.paths import BUNDLED_FORMS

if TYPE_CHECKING:
    from kiosk.fhir import ImportedVisit


def register_forms_actions(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``export-fhir`` to the ``kiosk forms`` actions (called by forms_cmd.register)."""
    export = actions.add_parser("export-fhir", help="write a FHIR R4 Questionnaire for forms")
    export.add_argument("form_id", nargs="?", help="the form to export (or --all)")
    export.add_argument("--all", action="store_true", help="export every form")
    export.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write into")
    export.add_argument("--forms-dir", type=Path, default=BUNDLED_FORMS)
    export.set_defaults(handler=_export_fhir)


def _export_fhir(args: argparse.Namespace) -> int:
    if bool(args.form_id) == bool(args.all):
        return fail("give one FORM_ID or --all", 2)
    from kiosk.report.export import write_private
    from kiosk.report.fhir import FhirExportError, questionnaire_resource

    try:
        library = load_library(args.forms_dir, load_settings().clinic_rules())
    except FormLoadError as exc:
        return fail(f"invalid forms:\n{exc}", 1)
    if args.form_id and args.form_id not in library.forms:
        return fail(f"unknown form {args.form_id!r} (known: {', '.join(sorted(library.forms))})", 2)
    form_ids = sorted(library.forms) if args.all else [args.form_id]
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for form_id in form_ids:
            resource = questionnaire_resource(library.forms[form_id])
            path = args.out / f"Questionnaire-{resource['id']}.json"
            write_private(path, (json.dumps(resource, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
            print(path)
    except FhirExportError as exc:
        return fail(str(exc), 1)
    except OSError as exc:
        return fail(f"cannot write to {args.out}: {exc.strerror or exc}", 1)
    return 0


def read_fhir_visit(source: str, library: FormLibrary, settings: Settings,
                    questionnaires: list[str] | None = None, patient: dict[str, Any] | None = None) -> ImportedVisit:
    """The visit in a FHIR file (``-`` = stdin): a Bundle, a QuestionnaireResponse or panel
    Observations, with the sender's Questionnaire files; InputError lists what is wrong.
    The clinic's settings give the alias files (the forms folder's and ``fhir_aliases``) and
    the ``mrn_system`` the Patient's MRN may come under."""
    from kiosk.fhir import AliasFileError, import_visit, load_aliases
    from kiosk.report.fhir import FhirImportError

    data = read_json(source)
    given = [read_json(path) for path in questionnaires or []]
    for path, questionnaire in zip(questionnaires or [], given):
        if not isinstance(questionnaire, dict) or questionnaire.get("resourceType") != "Questionnaire":
            raise InputError(f"--questionnaire {path}: not a FHIR Questionnaire")
    try:
        aliases = load_aliases(settings.forms_dir, settings.fhir_aliases)
        return import_visit(data, library, aliases=aliases, questionnaires=given, patient=patient,
                            mrn_system=settings.mrn_system)
    except AliasFileError as exc:
        raise InputError(str(exc)) from None
    except FhirImportError as exc:
        raise InputError("invalid FHIR bundle, nothing stored:\n  " + "\n  ".join(exc.problems)) from None
