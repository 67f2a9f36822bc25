"""Pydantic validation errors rewritten in words a clinic editor can act on.

Pydantic says "Input should be a valid dictionary" or "Extra inputs are not permitted";
a person editing YAML needs "missing field", "unknown field 'requird' (did you mean
'required'?)" or "unknown item type 'slider' (allowed: ...)".
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails

from kiosk.forms.model import LocalizedText

Loc = tuple[str | int, ...]

_PATTERNS = {
    r"^[a-z][a-z0-9_]*$": "use lowercase letters, digits and _, starting with a letter",
    r"^[A-Za-z][A-Za-z0-9_]*$": "use letters, digits and _, starting with a letter",
}


def _is_union_tag(part: Any) -> bool:
    """Pydantic adds the union member tried (``str``, ``tuple[Option, ...]``) to the path."""
    return isinstance(part, str) and (
        part.startswith(("function-", "tuple[", "list[", "dict[")) or part in ("str", "int", "bool")
    )


def _members(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


def _step(annotation: Any, part: str | int) -> Any:
    """The type one level down ``part`` from ``annotation`` (None when unknown)."""
    for member in _members(annotation):
        origin = get_origin(member)
        if isinstance(part, int) and origin in (tuple, list):
            return get_args(member)[0]
        if isinstance(part, str) and origin is dict:
            return get_args(member)[1]
        if (
            isinstance(part, str)
            and isinstance(member, type)
            and issubclass(member, BaseModel)
            and not issubclass(member, RootModel)
            and part in member.model_fields
        ):
            return member.model_fields[part].annotation
    return None


def type_at(model: type[BaseModel], loc: Loc) -> Any:
    """The declared type at ``loc`` inside ``model`` (None when the path leaves the schema)."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    return current


def _model_fields(annotation: Any) -> list[str]:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and not issubclass(member, RootModel):
            return list(member.model_fields)
    return []


def _quoted_choices(expected: str) -> str:
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def _unknown_field(model: type[BaseModel], loc: Loc) -> str:
    name = str(loc[-1])
    allowed = _model_fields(type_at(model, loc[:-1]))
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown field {name!r} (did you mean {close[0]!r}?)"
    if allowed:
        return f"unknown field {name!r} (allowed here: {', '.join(allowed)})"
    return f"unknown field {name!r}"


def _not_one_of(err: ErrorDetails, loc: Loc) -> str:
    expected = _quoted_choices(str(err.get("ctx", {}).get("expected", "")))
    what = "item type" if loc and loc[-1] == "type" else "value"
    return f"unknown {what} {err['input']!r} (allowed: {expected})"


def _plain(err: ErrorDetails, model: type[BaseModel], loc: Loc) -> str | None:
    kind, value = err["type"], err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind == "missing":
        return "missing field"
    if kind == "extra_forbidden":
        return _unknown_field(model, loc)
    if kind in ("enum", "literal_error"):
        return _not_one_of(err, loc)
    if kind == "string_type":
        if isinstance(value, bool):
            return "must be text (YAML reads unquoted yes/no/on/off/true/false as true or false; use quotes)"
        if isinstance(value, (int, float)):
            return f'must be text (put it in quotes: "{value}")'
        return "must be text"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number"
    if kind in ("float_type", "float_parsing"):
        return "must be a number"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if LocalizedText in _members(type_at(model, loc)):
            return "must give the text in each language, e.g. {en: \"...\", es: \"...\"}"
        return "must be a mapping (key: value lines)"
    if kind in ("tuple_type", "list_type"):
        return "must be a list"
    if kind == "too_short":
        # Pydantic also reports a list whose elements failed as "too short"; the element
        # errors already say what is wrong, so this one is noise.
        if isinstance(value, (list, tuple)) and len(value) >= int(ctx.get("min_length", 1)):
            return None
        return "must not be empty" if ctx.get("min_length") == 1 else f"needs at least {ctx.get('min_length')} entries"
    if kind == "string_pattern_mismatch":
        rule = _PATTERNS.get(str(ctx.get("pattern")), f"must match {ctx.get('pattern')}")
        return f"{value!r} is not a valid id: {rule}"
    return err["msg"].removeprefix("Value error, ")


def plain_errors(exc: ValidationError, model: type[BaseModel]) -> Iterator[tuple[Loc, str]]:
    """``(location, message)`` per problem; union alternatives at one place become one line."""
    merged: dict[Loc, list[str]] = {}
    union_tried: set[Loc] = set()
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        if len(loc) < len(err["loc"]):
            union_tried.add(loc)
        message = _plain(err, model, loc)
        if message is not None and message not in merged.setdefault(loc, []):
            merged[loc].append(message)
    for loc, messages in merged.items():
        # When one union member failed deeper down (options: a list with a bad label), that
        # member was clearly meant; the other member's "must be text" only confuses.
        deeper = any(other[: len(loc)] == loc and len(other) > len(loc) for other in merged if merged[other])
        if not messages or (loc in union_tried and deeper):
            continue
        first, rest = messages[0], [m.removeprefix("must be ") for m in messages[1:]]
        yield loc, " or ".join([first, *rest])
