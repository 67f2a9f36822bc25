"""Reading ``resources/slides/<lang>/NN-name.md`` into a Deck, with errors naming the file.

A slide file is a YAML front matter between two ``---`` lines, then a short Markdown body.
Every language folder also holds ``deck.yaml`` with the words shown around the slides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from kiosk.content.model import Deck, DeckText, Slide, SlideFrontMatter
from kiosk.content.placeholders import fill_body, fill_line, unknown_placeholders

_FILE_NAME = re.compile(r"^\d{2}-[a-z0-9-]+$")
_FENCE = "---"


@dataclass(frozen=True)
class SlideProblem:
    """One problem in one slide file, printed as ``file: message``."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class SlideLoadError(Exception):
    """Raised when a deck cannot be loaded; holds every problem found."""

    def __init__(self, problems: list[SlideProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line number where the front matter starts); ValueError if malformed."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != _FENCE:
        raise ValueError("a slide must start with a '---' line, then YAML front matter, then '---'")
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == _FENCE:
            return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :]).strip(), 2
    raise ValueError("the front matter is not closed by a '---' line")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: faster start-up


def _parse_yaml(text: str, first_line: int) -> Any:
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + first_line}" if mark else ""
        raise ValueError(f"front matter YAML syntax error{where}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter YAML syntax error: {exc}") from None


def _validate(model: type[BaseModel], data: Any, what: str) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"the {what} must be a YAML mapping (key: value lines)")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        parts = []
        for err in exc.errors(include_url=False):
            key = ".".join(str(p) for p in err["loc"]) or "(top)"
            parts.append(f"{key}: {err['msg']}")
        raise ValueError(f"{what}: " + "; ".join(parts)) from None


def load_slide(path: Path, values: Mapping[str, str], images_dir: Path) -> Slide:
    """Parse one slide file; ValueError with a plain message when it is broken."""
    if not _FILE_NAME.match(path.stem):
        raise ValueError("file name must look like 'NN-short-name.md' (two digits give the order)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read: {exc}") from None
    header_text, body, first_line = _split_front_matter(text)
    header: SlideFrontMatter = _validate(SlideFrontMatter, _parse_yaml(header_text, first_line), "front matter")
    if not body:
        raise ValueError("the slide has no body text after the front matter")
    unknown = unknown_placeholders(header.title + "\n" + body)
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}: the clinic settings provide no such value")
    image = None
    if header.image:
        image_path = (images_dir / header.image).resolve()
        if not image_path.is_file():
            raise ValueError(f"image {header.image!r} not found in {images_dir}")
        image = str(image_path)
    return Slide(
        name=path.stem,
        file=str(path),
        title=fill_line(header.title, values).strip(),
        body=fill_body(body, values),
        image=image,
        kind=header.kind,
        sources=header.sources,
    )


def _load_deck_text(folder: Path) -> DeckText:
    path = folder / "deck.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SlideLoadError([SlideProblem(str(path), f"cannot read: {exc}")]) from None
    try:
        result: DeckText = _validate(DeckText, _parse_yaml(text, 1), "deck.yaml")
    except ValueError as exc:
        raise SlideLoadError([SlideProblem(str(path), str(exc))]) from None
    return result


def load_deck(
    slides_dir: Path,
    language: str,
    values: Mapping[str, str] | None = None,
    images_dir: Path | None = None,
) -> Deck:
    """Every slide of ``slides_dir/language`` in file-name order; SlideLoadError names each bad file."""
    slides_dir = Path(slides_dir)
    folder = slides_dir / language
    if not folder.is_dir():
        raise SlideLoadError([SlideProblem(str(folder), f"no slides for language {language!r}")])
    images = Path(images_dir) if images_dir else slides_dir.parent / "images"
    text = _load_deck_text(folder)
    slides: list[Slide] = []
    problems: list[SlideProblem] = []
    for path in sorted(folder.glob("*.md")):
        try:
            slides.append(load_slide(path, values or {}, images))
        except ValueError as exc:
            problems.append(SlideProblem(str(path), str(exc)))
    if not slides and not problems:
        problems.append(SlideProblem(str(folder), "no slide files (*.md) found"))
    if problems:
        raise SlideLoadError(problems)
    return Deck(language=language, text=text, slides=tuple(slides))


def check_same_slides(decks: Iterable[Deck]) -> list[SlideProblem]:
    """Problems when languages differ in slide count or order (every language tells the same story)."""
    decks = list(decks)
    if not decks:
        return []
    first = decks[0]
    expected = [s.name for s in first.slides]
    problems = []
    for deck in decks[1:]:
        names = [s.name for s in deck.slides]
        if len(names) != len(expected):
            problems.append(
                SlideProblem(
                    deck.language,
                    f"{len(names)} slides, but {first.language} has {len(expected)}",
                )
            )
        elif names != expected:
            diff = next(f"{a} vs {b}" for a, b in zip(names, expected) if a != b)
            problems.append(SlideProblem(deck.language, f"slide files differ from {first.language}: {diff}"))
    return problems


def load_decks(
    slides_dir: Path,
    languages: Iterable[str] = ("en", "es"),
    values: Mapping[str, str] | None = None,
    images_dir: Path | None = None,
) -> dict[str, Deck]:
    """One deck per language, checked to have the same slides; SlideLoadError lists every problem."""
    decks: dict[str, Deck] = {}
    problems: list[SlideProblem] = []
    for language in languages:
        try:
            decks[language] = load_deck(slides_dir, language, values, images_dir)
        except SlideLoadError as exc:
            problems.extend(exc.problems)
    problems.extend(check_same_slides(decks.values()))
    if problems:
        raise SlideLoadError(problems)
    return decks
