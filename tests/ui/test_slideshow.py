"""The attract-loop SlideShow driven as a patient would: waiting, tapping, touching."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel
from pytestqt.qtbot import QtBot

from kiosk.content import Deck, load_decks
from kiosk.paths import RESOURCES
from kiosk.ui.slide_screenshots import render_deck
from kiosk.ui.widgets.slide_style import slides_stylesheet
from kiosk.ui.widgets.slideshow import SlideShow

CLINIC = {"clinic_name": "Riverside Recovery Clinic", "clinic_phone": "(555) 010-4477"}


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return load_decks(RESOURCES / "slides", ("en", "es"), CLINIC)


def _make(qtbot: QtBot, deck: Deck, interval_s: float = 12.0) -> SlideShow:
    show = SlideShow(deck, interval_s=interval_s)
    qtbot.addWidget(show)
    show.setStyleSheet(slides_stylesheet())
    show.resize(1280, 800)
    show.show()
    qtbot.waitExposed(show)
    return show


def _label(show: SlideShow, name: str) -> QLabel:
    label = show.findChild(QLabel, name)
    assert label is not None, name
    return label


def test_first_slide_is_shown_with_the_prompt(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    show = _make(qtbot, decks["en"])
    assert show.current_index == 0
    assert _label(show, "slideTitle").text() == "Welcome to Riverside Recovery Clinic"
    assert "check in for your visit" in _label(show, "slideBody").text()
    assert show.prompt_text == "Tap anywhere to check in"
    assert _label(show, "slideImage").pixmap() is not None and not _label(show, "slideImage").pixmap().isNull()


def test_advances_on_its_own_and_wraps_round(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    deck = decks["en"]
    show = _make(qtbot, deck, interval_s=0.2)  # 50 ms let a loaded machine skip a slide mid-fade
    seen: list[int] = []
    show.slide_changed.connect(seen.append)
    show.start()
    assert show.is_running
    qtbot.waitUntil(lambda: show.current_index >= 3, timeout=5000)
    assert _label(show, "slideTitle").text() == deck.slides[show.current_index].title
    show.show_slide(len(deck) - 1)
    qtbot.waitUntil(lambda: 0 in seen, timeout=5000)  # wrapped round to the first slide
    assert seen[:3] == [1, 2, 3]


def test_fades_between_slides(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    show = _make(qtbot, decks["en"], interval_s=0.6)
    effect = show.findChild(QGraphicsOpacityEffect)
    assert effect is not None
    show.start()
    qtbot.waitUntil(lambda: effect.isEnabled() and 0.05 < effect.opacity() < 0.95, timeout=3000)
    qtbot.waitUntil(lambda: show.current_index == 1 and not effect.isEnabled(), timeout=3000)
    assert effect.opacity() == pytest.approx(1.0)


def test_stop_holds_the_current_slide(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    show = _make(qtbot, decks["en"], interval_s=0.05)
    show.start()
    qtbot.waitUntil(lambda: show.current_index >= 1, timeout=3000)
    show.stop()
    held = show.current_index
    qtbot.wait(200)
    assert show.current_index == held and not show.is_running


def test_mouse_click_anywhere_emits_tapped(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    show = _make(qtbot, decks["en"])
    body = _label(show, "slideBody")
    on_text = body.mapTo(show, body.rect().center())
    for point in (on_text, QPoint(5, 5), QPoint(640, 780)):
        with qtbot.waitSignal(show.tapped, timeout=1000):
            qtbot.mouseClick(show, Qt.MouseButton.LeftButton, pos=point)


def test_a_real_touch_emits_tapped_once(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    show = _make(qtbot, decks["en"])
    taps: list[bool] = []
    show.tapped.connect(lambda: taps.append(True))
    device = QTest.createTouchDevice()
    title = _label(show, "slideTitle")
    point = title.mapTo(show, title.rect().center())
    with qtbot.waitSignal(show.tapped, timeout=1000):
        QTest.touchEvent(show, device).press(0, point).commit()
    QTest.touchEvent(show, device).release(0, point).commit()
    qtbot.wait(50)
    assert taps == [True]  # the touch is not counted again as a synthesized mouse press


def test_set_deck_switches_to_spanish_in_place(qtbot: QtBot, decks: dict[str, Deck]) -> None:
    show = _make(qtbot, decks["en"])
    show.show_slide(4)
    show.set_deck(decks["es"])
    assert show.current_index == 4
    assert _label(show, "slideTitle").text() == "¿Qué es la ketamina?"
    assert "fuera de indicación" in _label(show, "slideBody").text()
    assert _label(show, "slideSources").text() == "Fuentes: Domino 2010, OMS, FDA, Berman 2000, Dakwar 2020"
    assert show.prompt_text == "Toque en cualquier lugar para registrarse"
    show.set_deck(decks["en"])
    assert _label(show, "slideTitle").text() == "What is ketamine?"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_slide_fits_a_1280x800_screen_in_big_type(
    qtbot: QtBot, decks: dict[str, Deck], language: str
) -> None:
    show = _make(qtbot, decks[language])
    title, body = _label(show, "slideTitle"), _label(show, "slideBody")
    assert title.font().pixelSize() >= 40
    for index, slide in enumerate(decks[language].slides):
        show.show_slide(index)
        qtbot.wait(1)  # let the layout settle after the new text
        assert body.font().pixelSize() >= 26, slide.file
        assert body.heightForWidth(body.width()) <= body.height(), f"{slide.file}: body cut off"
        assert title.heightForWidth(title.width()) <= title.height(), f"{slide.file}: title cut off"


def test_render_deck_writes_one_real_png_per_slide(
    qtbot: QtBot, decks: dict[str, Deck], tmp_path: Path
) -> None:
    qtbot.wait(1)
    paths = render_deck(decks["es"], tmp_path)
    assert [p.name for p in paths] == [f"slide-es-{n:02d}.png" for n in range(1, 14)]
    image = QImage(str(paths[2]))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
    assert len(colours) > 5  # text, art and banner were drawn, not a blank page


def test_stylesheet_fills_theme_colours_and_refuses_unknown_ones(tmp_path: Path) -> None:
    qss = slides_stylesheet({"accent": "#123456"})
    assert "#123456" in qss and "{{" not in qss
    broken = tmp_path / "slides.qss"
    broken.write_text("#slideTitle { color: {{ acent }}; }", encoding="utf-8")
    with pytest.raises(KeyError, match="acent"):
        slides_stylesheet(path=broken)
