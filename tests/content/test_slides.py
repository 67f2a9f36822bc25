"""Loading the bundled attract-loop slides, and the errors a clinic sees for a broken one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import Deck, SlideKind, SlideLoadError, load_deck, load_decks
from kiosk.paths import RESOURCES

SLIDES = RESOURCES / "slides"
CLINIC = {"clinic_name": "Riverside Recovery Clinic", "clinic_phone": "(555) 010-4477"}
EXPECTED = [
    "01-welcome", "02-what-is-aud", "03-how-common", "04-health", "05-ketamine", "06-how-it-works",
    "07-research", "08-treatment-visit", "09-side-effects", "10-staying-safe", "11-together", "12-help-now",
    "13-references",
]


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return load_decks(SLIDES, ("en", "es"), CLINIC)


@pytest.fixture
def slides_copy(tmp_path: Path) -> Path:
    """A writable copy of resources/slides beside a copy of resources/images."""
    shutil.copytree(SLIDES, tmp_path / "slides")
    shutil.copytree(RESOURCES / "images", tmp_path / "images")
    return tmp_path / "slides"


def _words(markdown: str) -> int:
    return len([token for token in markdown.split() if any(c.isalnum() for c in token)])


@pytest.mark.parametrize("language", ["en", "es"])
def test_all_slides_load_in_brief_order(decks: dict[str, Deck], language: str) -> None:
    deck = decks[language]
    assert [s.name for s in deck.slides] == EXPECTED
    assert deck.slides[0].kind is SlideKind.WELCOME
    assert deck.slide("12-help-now").kind is SlideKind.HELP
    assert deck.slides[-1].kind is SlideKind.REFERENCES
    for slide in deck.slides:
        assert slide.title and slide.body, slide.file
        assert slide.image is None or Path(slide.image).is_file()


def test_english_and_spanish_have_the_same_slides(decks: dict[str, Deck]) -> None:
    assert len(decks["en"]) == len(decks["es"]) == 13
    assert decks["en"].slides[4].title == "What is ketamine?"
    assert decks["es"].slides[4].title == "¿Qué es la ketamina?"
    assert decks["es"].text.tap_prompt == "Toque en cualquier lugar para registrarse"
    assert decks["en"].text.tap_prompt == "Tap anywhere to check in"


@pytest.mark.parametrize("language", ["en", "es"])
def test_placeholders_are_filled_from_settings(decks: dict[str, Deck], language: str) -> None:
    deck = decks[language]
    assert "Riverside Recovery Clinic" in deck.slides[0].title
    assert "(555) 010-4477" in deck.slide("12-help-now").body
    for slide in deck.slides:
        assert "{" not in slide.title + slide.body, slide.file


def test_a_line_with_an_unset_setting_is_left_out() -> None:
    deck = load_deck(SLIDES, "en", {"clinic_name": "Riverside", "clinic_phone": ""})
    help_body = deck.slide("12-help-now").body
    assert "988" in help_body and "Riverside" not in help_body and "{" not in help_body
    assert deck.slides[0].title == "Welcome to Riverside"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_source_of_a_figure_is_on_the_references_slide(decks: dict[str, Deck], language: str) -> None:
    deck = decks[language]
    references = deck.of_kind(SlideKind.REFERENCES)[0].body
    for needle in ("DSM-5", "NSDUH", "WHO", "FDA", "Dakwar", "Grabski", "Domino", "Berman", "Zanos", "Ketalar",
                   "ASAM", "988", "1-800-662-4357"):
        assert needle in references, needle
    for slide in deck.slides:
        for source in slide.sources:
            assert source.split()[0] in references, f"{slide.file}: source {source!r} not on the references slide"
    required = {
        "02-what-is-aud": {"DSM-5-TR"},
        "03-how-common": {"NSDUH"},
        "05-ketamine": {"FDA", "Domino 2010", "Berman 2000", "Dakwar 2020"},  # first made, studied for
        "06-how-it-works": {"Zanos 2018"},  # mechanism: a peer-reviewed review
        "07-research": {"Dakwar 2020", "Grabski 2022"},
        "09-side-effects": {"Ketalar"},  # the label's liver-injury warning
        "10-staying-safe": {"ASAM 2020"},
    }
    for name, sources in required.items():
        assert sources <= set(deck.slide(name).sources), name


def test_off_label_is_said_and_nothing_is_promised(decks: dict[str, Deck]) -> None:
    en, es = decks["en"], decks["es"]
    assert "not FDA-approved for alcohol use disorder" in en.slide("05-ketamine").body
    assert "off-label" in en.slide("05-ketamine").body
    assert "No está aprobada por la FDA" in es.slide("05-ketamine").body
    assert "fuera de indicación" in es.slide("05-ketamine").body
    assert "cannot promise" in en.slide("07-research").body
    assert "No podemos prometer" in es.slide("07-research").body


@pytest.mark.parametrize(("language", "limit"), [("en", 60), ("es", 70)])
def test_slides_are_short_enough_to_read_across_a_room(
    decks: dict[str, Deck], language: str, limit: int
) -> None:
    for slide in decks[language].slides:
        if slide.kind is not SlideKind.REFERENCES:
            assert _words(slide.body) <= limit, f"{slide.file}: {_words(slide.body)} words"


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_front_matter_yaml_names_the_file_and_line(slides_copy: Path) -> None:
    broken = slides_copy / "en" / "03-how-common.md"
    _break(broken, 'title: "You are not alone"', 'title: "You are not alone')
    with pytest.raises(SlideLoadError) as caught:
        load_deck(slides_copy, "en", CLINIC)
    [problem] = caught.value.problems
    assert problem.file == str(broken)
    assert "YAML syntax error" in problem.message and "line" in problem.message
    assert str(broken) in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("---\ntitle", "title", "must start with a '---' line"),
        ("image: medicine.svg\n", "image: medicine.svg\nimgae: x.svg\n", "imgae"),
        ("image: medicine.svg", "image: missing.svg", "image 'missing.svg' not found"),
        ("kind: welcome", "kind: banner", "kind"),
        ("title: \"What is ketamine?\"", "title: \"What is {clinic_nmae}?\"", "unknown placeholder {clinic_nmae}"),
        ("Dakwar 2020]\n---", "Dakwar 2020]\n", "not closed"),
    ],
)
def test_each_kind_of_broken_slide_names_the_file(slides_copy: Path, old: str, new: str, expected: str) -> None:
    name = "01-welcome.md" if "welcome" in old else "05-ketamine.md"
    broken = slides_copy / "en" / name
    _break(broken, old, new)
    with pytest.raises(SlideLoadError) as caught:
        load_deck(slides_copy, "en", CLINIC)
    [problem] = caught.value.problems
    assert problem.file == str(broken)
    assert expected in problem.message


def test_a_slide_without_body_is_refused(slides_copy: Path) -> None:
    path = slides_copy / "es" / "04-health.md"
    path.write_text('---\ntitle: "Salud"\n---\n\n', encoding="utf-8")
    with pytest.raises(SlideLoadError, match="04-health.md: the slide has no body"):
        load_deck(slides_copy, "es")


def test_a_missing_spanish_slide_is_reported(slides_copy: Path) -> None:
    (slides_copy / "es" / "06-how-it-works.md").unlink()
    with pytest.raises(SlideLoadError) as caught:
        load_decks(slides_copy, ("en", "es"), CLINIC)
    assert [str(p) for p in caught.value.problems] == ["es: 12 slides, but en has 13"]


def test_slides_out_of_step_between_languages_are_reported(slides_copy: Path) -> None:
    (slides_copy / "es" / "06-how-it-works.md").rename(slides_copy / "es" / "06-mechanism.md")
    with pytest.raises(SlideLoadError, match="06-mechanism vs 06-how-it-works"):
        load_decks(slides_copy, ("en", "es"), CLINIC)


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(SlideLoadError, match="no slides for language 'fr'"):
        load_deck(SLIDES, "fr")


def test_cli_check_passes_on_bundled_slides_and_names_a_broken_file(slides_copy: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "kiosk", "slides", "check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "en: 13, es: 13" in ok.stdout
    broken = slides_copy / "es" / "02-what-is-aud.md"
    _break(broken, "title:", "titulo:")
    bad = subprocess.run(
        [sys.executable, "-m", "kiosk", "slides", "check", str(slides_copy)], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert f"{broken}: front matter: " in bad.stdout and "titulo" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_clinic_values_come_from_settings() -> None:
    from kiosk.content import clinic_values
    from kiosk.settings import Settings

    values = clinic_values(Settings(clinic_name="Lakeside Health", clinic_phone="555-0100"))
    assert values["clinic_name"] == "Lakeside Health" and values["clinic_phone"] == "555-0100"
    deck = load_deck(SLIDES, "es", values)
    assert deck.slides[0].title == "Le damos la bienvenida a Lakeside Health"


# Clinical review of the slides (issue 14): what each slide must and must not say, in both languages.
REVIEW = {
    "en": {
        "03-how-common": (["in a given year", "29 million", "8 in 100"], ["never"]),
        "06-how-it-works": (["not yet fully understand"], ["inflammation"]),
        "07-research": (["small", "single infusion", "midazolam", "not less likely to relapse"], []),
        "09-side-effects": (["liver injury", "can be misused"], ["still being studied"]),
        "10-staying-safe": (["dangerous", "seizures", "Talk to us first", "no alcohol", "sedatives"], []),
        "12-help-now": (["911", "988", "1-800-662-4357"], []),
    },
    "es": {
        "03-how-common": (["en un año dado", "29 millones", "8 de cada 100"], ["nunca"]),
        "06-how-it-works": (["no entienden del todo"], ["inflamación"]),
        "07-research": (["pequeños", "una sola infusión", "midazolam", "no recayeron menos"], []),
        "09-side-effects": (["daño al hígado", "se puede usar mal"], ["aún se estudian"]),
        "10-staying-safe": (["peligroso", "convulsiones", "Hable primero", "nada de alcohol", "sedantes"], []),
        "12-help-now": (["911", "988", "1-800-662-4357"], []),
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_clinical_review_of_the_slides(decks: dict[str, Deck], language: str) -> None:
    deck = decks[language]
    for name, (must, must_not) in REVIEW[language].items():
        text = deck.slide(name).body.replace("**", "")
        for needle in must:
            assert needle in text, f"{name} ({language}) must say {needle!r}"
        for needle in must_not:
            assert needle.lower() not in text.lower(), f"{name} ({language}) must not say {needle!r}"


@pytest.mark.parametrize(("language", "word"), [("en", r"\bcur(e|es|ed|ing)\b"), ("es", r"\bcura(r|s)?\b")])
def test_no_slide_promises_a_cure(decks: dict[str, Deck], language: str, word: str) -> None:
    import re

    for slide in decks[language].slides:
        assert not re.search(word, slide.title + " " + slide.body, re.IGNORECASE), slide.file


@pytest.mark.parametrize(("language", "sentence"), [("en", "An adult must take you home."),
                                                    ("es", "Un adulto debe llevarle a casa.")])
def test_slides_and_consent_name_the_ride_home_alike(decks: dict[str, Deck], language: str, sentence: str) -> None:
    from kiosk.forms import load_library
    from kiosk.paths import BUNDLED_FORMS

    consent = load_library(BUNDLED_FORMS).form("consent").item("consent_text").text.get(language)
    assert sentence in consent
    assert sentence in decks[language].slide("08-treatment-visit").body
