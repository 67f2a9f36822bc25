"""Reading form and visit-protocol YAML files into models, with errors a clinic can act on.

Every problem is reported as ``file: path.to.field: what is wrong``; YAML syntax errors
carry the line number. Forms live in ``DIR/*.yaml``, visit protocols in
``DIR/protocols/*.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from kiosk.forms.canonical import CanonicalForm
from kiosk.limits import FORM_FILE_MAX_BYTES, MAX_NESTING, too_deep
from kiosk.forms.model import FormDefinition, VisitProtocol
from kiosk.forms.checks import check_form, check_protocol
from kiosk.forms.references import check_protocol_order, check_references
from kiosk.forms.messages import plain_errors
from kiosk.forms.rules import ClinicRules


@dataclass(frozen=True)
class FormProblem:
    """One problem in one file, printed as ``file: path: message``."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class FormLoadError(Exception):
    """Raised when any form file is invalid; holds every problem found."""

    def __init__(self, problems: list[FormProblem], form_id: str | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.form_id = form_id
        """The broken form's id when the file got far enough to name one."""


@dataclass
class FormLibrary:
    """Every form and visit protocol of a clinic, keyed by id."""

    forms: dict[str, FormDefinition] = field(default_factory=dict)
    protocols: dict[str, VisitProtocol] = field(default_factory=dict)
    rules: ClinicRules = field(default_factory=ClinicRules)
    """The clinic's licences and fasting rule, from its settings."""
    sources: dict[str, str] = field(default_factory=dict)
    """Per form id, the file it was loaded from (for messages in the ``file: path: why`` form)."""
    notes: dict[str, str] = field(default_factory=dict)
    """Per form id, where its definition came from when that is not the plain file on disk
    (a library rebuilt for an old visit); reports print it under the form's title."""
    _canonical: dict[str, CanonicalForm] = field(default_factory=dict, repr=False, compare=False)

    def canonical(self, form_id: str) -> CanonicalForm:
        """The form's canonical JSON and sha256, computed once per definition object."""
        form = self.form(form_id)
        known = self._canonical.get(form_id)
        if known is None or known.form is not form:
            known = self._canonical[form_id] = CanonicalForm.of(form)
        return known

    def pin(self, pinned: CanonicalForm) -> None:
        """Hold ``pinned`` (a stored definition) as this library's form of that id."""
        self.forms[pinned.form.id] = pinned.form
        self._canonical[pinned.form.id] = pinned

    def form(self, form_id: str) -> FormDefinition:
        try:
            return self.forms[form_id]
        except KeyError:
            raise KeyError(f"unknown form {form_id!r}") from None

    def protocol(self, protocol_id: str | None = None) -> VisitProtocol:
        """The named protocol, or the default one (id ``default``, else the first)."""
        if protocol_id:
            return self.protocols[protocol_id]
        return self.protocols.get("default") or next(iter(self.protocols.values()))


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key given twice in one mapping; YAML would silently keep the last one."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys instead of keeping the last."""


class _FastUniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml's parser: the pure-Python one took ~150 ms of the kiosk's cold
    start. A file it rejects is read again by the Python loader, whose messages the hints know."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKeyError(
                None, None, f"duplicate key {key!r} (each key may appear only once here)", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


for _loader in (_UniqueKeyLoader, _FastUniqueKeyLoader):
    _loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
    )


def _read_yaml(path: Path, name: str) -> tuple[Any, list[FormProblem]]:
    """The file's data, or the problems that stop it loading (too big, not UTF-8, bad YAML, too deep)."""
    try:
        if path.stat().st_size > FORM_FILE_MAX_BYTES:
            limit = FORM_FILE_MAX_BYTES // 1_000_000
            return None, [FormProblem(name, "(file)", f"larger than {limit} MB; a form file is far smaller")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [FormProblem(name, "(file)", f"not valid UTF-8 text (byte {exc.start})")]
    except OSError as exc:
        return None, [FormProblem(name, "(file)", f"cannot read: {exc.strerror or exc}")]
    too_deep_problem = [FormProblem(name, "(yaml)", f"lists or mappings nest deeper than {MAX_NESTING} levels")]
    try:
        data = yaml.load(text, Loader=_FastUniqueKeyLoader)  # noqa: S506 - safe loader subclass
        return (None, too_deep_problem) if too_deep(data) else (data, [])
    except RecursionError:
        return None, too_deep_problem
    except yaml.YAMLError:
        pass  # rare: read again below for PyYAML's own wording of the problem
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader), []  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(yaml)"
        return None, [FormProblem(name, where, _yaml_message(exc))]
    except yaml.YAMLError as exc:
        return None, [FormProblem(name, "(yaml)", f"YAML syntax error: {exc}")]
    except RecursionError:
        return None, too_deep_problem


_YAML_HINTS = {
    "'\\t'": "indent with spaces, not tabs",
    "mapping values are not allowed here": "check the indentation, or put text containing ': ' in quotes",
    "expected <block end>": "check the indentation and closing quotes on this line and the lines above",
}


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's complaint, plus where an unclosed construct began and a hint for common slips."""
    if isinstance(exc, _DuplicateKeyError):
        return str(exc.problem)
    message = f"YAML syntax error: {exc.problem or exc}"
    start, end = exc.context_mark, exc.problem_mark
    if exc.context and start is not None and end is not None and start.line != end.line:
        message += f" ({exc.context}, which starts on line {start.line + 1})"
    for needle, hint in _YAML_HINTS.items():
        if needle in message:
            message += f"; {hint}"
    return message


def _readable_loc(data: Any, loc: tuple[Any, ...]) -> str:
    """A pydantic error location with list indexes replaced by the element's id."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            node = node[key]
            ident = node.get("id") if isinstance(node, dict) else None
            parts.append(str(ident) if ident else str(key))
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def _validation_problems(
    name: str, data: Any, exc: ValidationError, model: type[BaseModel]
) -> list[FormProblem]:
    return [
        FormProblem(name, _readable_loc(data, loc) or "(top)", message)
        for loc, message in plain_errors(exc, model)
    ]


def load_form_file(path: Path, display_name: str | None = None) -> FormDefinition:
    """Parse and check one form file, or raise FormLoadError naming every problem."""
    name = display_name or str(path)
    data, problems = _read_yaml(path, name)
    if problems:
        raise FormLoadError(problems)
    if not isinstance(data, dict):
        raise FormLoadError([FormProblem(name, "(top)", "a form file must be a mapping")])
    form_id = data["id"] if isinstance(data.get("id"), str) else None
    try:
        form = FormDefinition.model_validate(data)
    except ValidationError as exc:
        raise FormLoadError(_validation_problems(name, data, exc, FormDefinition), form_id) from None
    semantic = [FormProblem(name, where, why) for where, why in check_form(form)]
    if semantic:
        raise FormLoadError(semantic, form.id)
    return form


def _load_protocol(
    path: Path, name: str, library: FormLibrary, broken: set[str]
) -> list[FormProblem]:
    data, problems = _read_yaml(path, name)
    if problems:
        return problems
    try:
        protocol = VisitProtocol.model_validate(data)
    except ValidationError as exc:
        return _validation_problems(name, data, exc, VisitProtocol)
    if protocol.id in library.protocols:
        return [FormProblem(name, "id", f"duplicate protocol id {protocol.id!r}")]
    library.protocols[protocol.id] = protocol
    checked = (check_protocol(protocol, library.forms, broken, library.rules.licensed_forms)
               + check_protocol_order(protocol, library.forms))
    return [FormProblem(name, where, why) for where, why in checked]


NOT_FORMS = frozenset({"fhir-aliases.yaml"})
"""YAML files in the forms folder that describe forms rather than being one (kiosk.fhir.aliases)."""


def _form_files(directory: Path) -> list[Path]:
    paths = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    return [path for path in paths if path.name not in NOT_FORMS]


def load_library(directory: Path, rules: ClinicRules | None = None) -> FormLibrary:
    """Load every form and protocol under ``directory``; FormLoadError lists all problems.

    ``rules`` (from the clinic's settings) say which licensed forms a protocol may use
    and the fasting rule scoring applies; the default holds no licence.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FormLoadError([FormProblem(str(directory), "(dir)", "no such folder")])
    library = FormLibrary(rules=rules or ClinicRules())
    problems: list[FormProblem] = []
    seen_in: dict[str, str] = {}
    broken: set[str] = set()  # forms already reported, so protocols naming them stay quiet
    for path in _form_files(directory):
        name = str(path)
        try:
            form = load_form_file(path, name)
        except FormLoadError as exc:
            problems.extend(exc.problems)
            broken.update({path.stem} | ({exc.form_id} if exc.form_id else set()))
            continue
        if form.id in library.forms:
            problems.append(FormProblem(name, "id", f"duplicate form id {form.id!r} (also in {seen_in[form.id]})"))
            continue
        library.forms[form.id] = form
        seen_in[form.id] = library.sources[form.id] = name
    if not library.forms and not problems:
        problems.append(FormProblem(str(directory), "(dir)", "no form files (*.yaml) found"))
    for form in library.forms.values():
        checked = check_references(form, library.forms, broken)
        problems.extend(FormProblem(seen_in[form.id], where, why) for where, why in checked)
    protocol_dir = directory / "protocols"
    for path in sorted(protocol_dir.glob("*.yaml")) if protocol_dir.is_dir() else []:
        problems.extend(_load_protocol(path, str(path), library, broken))
    if library.forms and not library.protocols and not problems:
        problems.append(FormProblem(str(protocol_dir), "(dir)", "no visit protocol found"))
    if problems:
        raise FormLoadError(problems)
    return library


def validate_directory(directory: Path, rules: ClinicRules | None = None) -> list[FormProblem]:
    """Every problem in a forms folder (empty when all is valid)."""
    try:
        load_library(directory, rules)
    except FormLoadError as exc:
        return exc.problems
    return []
