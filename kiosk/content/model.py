"""What a slide and a deck are, as frozen data (no Qt)."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class SlideKind(str, Enum):
    """How a slide is styled: ordinary information, the greeting, crisis help, or sources."""

    INFO = "info"
    WELCOME = "welcome"
    HELP = "help"
    REFERENCES = "references"


class SlideFrontMatter(BaseModel):
    """The YAML header a slide author writes; a typo in a key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1, description="Large heading; may hold {placeholders}")
    image: str | None = Field(default=None, description="File under resources/images")
    kind: SlideKind = Field(default=SlideKind.INFO, description="Styling of the slide")
    sources: tuple[str, ...] = Field(
        default=(), description="Short names of the sources of figures; each must be on the references slide"
    )


class Slide(BaseModel):
    """One attract-loop slide, ready to show: placeholders already filled."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="File stem, e.g. '05-ketamine'; the same in every language")
    file: str = Field(description="Path of the Markdown file, for messages")
    title: str = Field(description="Heading, plain text")
    body: str = Field(description="Markdown body")
    image: str | None = Field(default=None, description="Absolute path of the illustration")
    kind: SlideKind = Field(default=SlideKind.INFO)
    sources: tuple[str, ...] = Field(default=())


class DeckText(BaseModel):
    """Fixed words around the slides, per language (from ``deck.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tap_prompt: str = Field(min_length=1, description="Banner shown on every slide")
    sources_label: str = Field(min_length=1, description="Prefix of the per-slide source line")


class Deck(BaseModel):
    """Every slide of one language, in showing order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str = Field(description="Folder name, e.g. 'en' or 'es'")
    text: DeckText
    slides: tuple[Slide, ...] = Field(min_length=1)

    def __len__(self) -> int:
        return len(self.slides)

    def slide(self, name: str) -> Slide:
        """The slide with this file stem (KeyError naming it otherwise)."""
        for slide in self.slides:
            if slide.name == name:
                return slide
        raise KeyError(f"no slide {name!r} in the {self.language} deck")

    def of_kind(self, kind: SlideKind) -> list[Slide]:
        """Slides of one kind, e.g. the references slide."""
        return [s for s in self.slides if s.kind is kind]
