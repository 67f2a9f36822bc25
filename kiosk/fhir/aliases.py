"""The clinic's map of other systems' Questionnaires to our forms (``forms/fhir-aliases.yaml``).

A sender that publishes its own canonical URL and linkIds (``PHQ.1``) cannot be matched by
LOINC; the clinic says once which form that canonical is, and optionally which of its
linkIds is which of our items. The file sits beside the forms because it describes them.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

ALIASES_FILE = "fhir-aliases.yaml"


class FormAlias(BaseModel):
    """One foreign Questionnaire: the form it is, and its linkIds that are our items."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    form: str = Field(description="Our form id")
    link_ids: dict[str, str] = Field(default_factory=dict, description="Sender's linkId -> our item id")


class FhirAliases(BaseModel):
    """Foreign canonical URL (without ``|version``) -> FormAlias."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    questionnaires: dict[str, FormAlias] = Field(default_factory=dict)

    def of(self, canonical: object) -> FormAlias | None:
        """The alias of a ``questionnaire`` canonical (its version ignored), if the clinic set one."""
        if not isinstance(canonical, str):
            return None
        return self.questionnaires.get(canonical.partition("|")[0])


class AliasFileError(ValueError):
    """The alias file cannot be read; the message names the file and the problem."""


def _read(path: Path) -> FhirAliases:
    """One alias file, checked; AliasFileError names the file and the first problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return FhirAliases.model_validate(data)
    except yaml.MarkedYAMLError as exc:
        line = f"line {exc.problem_mark.line + 1}: " if exc.problem_mark else ""
        raise AliasFileError(f"{path}: {line}not valid YAML ({exc.problem})") from None
    except FileNotFoundError:
        raise AliasFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise AliasFileError(f"{path}: cannot be read ({type(exc).__name__})") from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AliasFileError(f"{path}: {where}: {first['msg']}") from None


def load_aliases(forms_dir: Path, clinic_file: Path | None = None) -> FhirAliases:
    """The aliases in ``forms_dir/fhir-aliases.yaml`` (none when it does not exist), with the
    clinic's own file (the ``fhir_aliases`` setting) merged over them: its entry for a canonical
    replaces the shipped one whole, so a clinic can correct an alias without editing the forms
    folder an update would overwrite. A configured file that is missing is an error, not "no
    aliases": a typo in the setting must not silently drop the clinic's mapping."""
    shipped = forms_dir / ALIASES_FILE
    merged = dict(_read(shipped).questionnaires) if shipped.is_file() else {}
    if clinic_file is not None:
        merged.update(_read(clinic_file).questionnaires)
    return FhirAliases(questionnaires=merged)
