"""Read-aloud on the kiosk: the speaker button reads the screen, lights each choice as it is
heard, stops on a tap, a new screen, Start over and the idle wipe, and hides without audio."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.content import clinic_values, load_decks
from kiosk.forms import FormLibrary
from kiosk.paths import RESOURCES
from kiosk.forms.model import ItemType
from kiosk.settings import Settings
from kiosk.speech.sinks import NullSink, Output
from kiosk.ui.app import Kiosk, make_attract
from kiosk.ui.read_aloud import ReadAloud
from kiosk.ui.widgets.slideshow import SlideShow
from tests.ui.conftest import NOW, Outbox, running_kiosk
from tests.ui.finger import Finger
from tests.ui.visit_robot import plausible


@pytest.fixture
def sink() -> NullSink:
    return NullSink()


def speaking_kiosk(qtbot: QtBot, settings: Settings, library: FormLibrary, outbox: Outbox, sink: NullSink,
                   speed: float) -> Iterator[Kiosk]:
    output = Output(lambda: sink, "null output (test)")
    with running_kiosk(qtbot, settings, library, outbox, clock=lambda: NOW, auto_advance_ms=10,
                       audio_output=output, speech_speed=speed) as built:
        yield built
        assert built.read_aloud is not None
        built.read_aloud.stop()


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox, sink: NullSink,
          require_espeak: None) -> Iterator[Kiosk]:
    """The bundled forms, read aloud at twice normal speed into a null output."""
    yield from speaking_kiosk(qtbot, Settings(data_dir=tmp_path), library, outbox, sink, 2.0)


@pytest.fixture
def require_espeak() -> None:
    import shutil

    from tests.services import unavailable

    if shutil.which("espeak-ng") is None:
        unavailable("espeak-ng not installed (bash .ci/setup installs it)")


def reader(kiosk: Kiosk) -> ReadAloud:
    assert kiosk.read_aloud is not None
    return kiosk.read_aloud


def lit(kiosk: Kiosk) -> list[object]:
    """The choice buttons of the shown question that are highlighted as being read."""
    choice = kiosk.window.question.input
    return [button for _code, button in getattr(choice, "buttons", []) if button.property("reading")]


def test_speaker_reads_the_question_then_each_choice_lighting_it(
        qtbot: QtBot, kiosk: Kiosk, finger: Finger, sink: NullSink) -> None:
    choice = finger.open("phq9", "q2")
    buttons = [button for _code, button in choice.buttons]
    assert kiosk.window.top_bar.speaker.isVisible()
    finger.tap(kiosk.window.top_bar.speaker)
    assert reader(kiosk).reading and kiosk.window.top_bar.speaker.isChecked()
    for button in buttons:  # the highlight moves from choice to choice, one at a time
        qtbot.waitUntil(lambda b=button: lit(kiosk) == [b], timeout=15000)
    qtbot.waitUntil(lambda: not reader(kiosk).reading, timeout=15000)
    assert lit(kiosk) == []
    assert not kiosk.window.top_bar.speaker.isChecked()
    assert sink.frames > 22050 * 2  # seconds of speech reached the output
    said = reader(kiosk)._said
    heard = [said[mark].widget for mark in reader(kiosk).marks if mark is not None]
    assert heard == buttons


def test_a_tap_on_a_choice_stops_reading(qtbot: QtBot, kiosk: Kiosk, finger: Finger, sink: NullSink) -> None:
    kiosk.flow.auto_advance = False
    choice = finger.open("gad7", "q1")
    finger.tap(kiosk.window.top_bar.speaker)
    qtbot.waitUntil(lambda: sink.frames > 0, timeout=10000)
    finger.tap(choice.buttons[2][1])
    assert not reader(kiosk).reading
    assert lit(kiosk) == []
    qtbot.wait(100)
    frames = sink.frames
    qtbot.wait(400)
    assert sink.frames == frames  # silent, not merely unhighlighted


def test_tapping_the_speaker_again_stops(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    finger.open("gad7", "q1")
    finger.tap(kiosk.window.top_bar.speaker)
    assert reader(kiosk).reading
    finger.tap(kiosk.window.top_bar.speaker)
    assert not reader(kiosk).reading and not kiosk.window.top_bar.speaker.isChecked()


def test_start_over_stops_at_once(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    finger.open("phq9", "q1")
    finger.tap(kiosk.window.top_bar.speaker)
    finger.tap(kiosk.window.top_bar.start_over_button)
    finger.tap(kiosk.window.confirm_overlay.yes_button)
    assert kiosk.flow.session is None
    assert not reader(kiosk).reading and reader(kiosk).marks == []


def test_idle_wipe_stops_reading(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    finger.open("phq9", "q1")
    kiosk.flow.idle.configure(timeout=0.3, countdown=2, tick_ms=60)
    kiosk.flow.idle.start()
    finger.tap(kiosk.window.top_bar.speaker)
    assert reader(kiosk).reading
    qtbot.waitUntil(lambda: kiosk.flow.session is None, timeout=5000)
    assert not reader(kiosk).reading and lit(kiosk) == []


def test_always_read_aloud_reads_each_screen_for_this_visit_only(qtbot: QtBot, kiosk: Kiosk, finger: Finger) -> None:
    window = kiosk.window
    kiosk.flow.start()
    assert window.current_screen() is window.language
    finger.tap(window.language.read_aloud_button)
    assert reader(kiosk).always
    finger.tap(window.language.buttons["es"])
    qtbot.waitUntil(lambda: reader(kiosk).reading, timeout=3000)  # the next screen, unasked
    spoken = " ".join(s.text for s in window.question.spoken())
    assert spoken and all(s.language == "es" for s in window.question.spoken())
    finger.tap(window.top_bar.start_over_button)
    finger.tap(window.confirm_overlay.yes_button)
    assert not reader(kiosk).always and not window.language.read_aloud_button.isChecked()
    kiosk.flow.start()  # the next patient starts without it
    qtbot.wait(50)
    assert not reader(kiosk).reading


def test_no_audio_output_hides_the_button_logs_and_runs(
        qtbot: QtBot, tmp_path: Path, visit_library: FormLibrary, outbox: Outbox,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui.read_aloud")
    settings = Settings(data_dir=tmp_path, protocol="visit", audio_output="none")
    with running_kiosk(qtbot, settings, visit_library, outbox) as built:
        finger = Finger(qtbot, built)
        built.flow.start()
        assert not built.window.top_bar.speaker.isVisible()
        assert not built.window.language.read_aloud_button.isVisible()
        finger.tap(built.window.language.buttons["en"])
        assert built.window.current_screen() is built.window.question  # the visit goes on
        assert reader(built).available is False
    assert any("read-aloud unavailable" in r.getMessage() and "switched off" in r.getMessage() for r in caplog.records)


def test_reading_the_review_writes_nothing_to_disk(
        qtbot: QtBot, tmp_path: Path, visit_library: FormLibrary, outbox: Outbox, sink: NullSink,
        monkeypatch: pytest.MonkeyPatch, require_espeak: None) -> None:
    """The review's audio holds the patient's answers: it stays in pipes and memory."""
    temp = tmp_path / "tmp"
    data = tmp_path / "data"
    temp.mkdir()
    data.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # the synthesiser's and player's temp folder too
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    settings = Settings(data_dir=data, protocol="visit")
    built_iter = speaking_kiosk(qtbot, settings, visit_library, outbox, sink, 20.0)
    built = next(built_iter)
    finger = Finger(qtbot, built)
    built.flow.start()
    finger.tap(built.window.language.buttons["en"])
    for _ in range(100):
        session = built.flow.session
        assert session is not None
        if session.step.kind == "review":
            break
        if built.window.current_screen() is built.window.critical:
            finger.tap(built.window.critical.button)
        elif session.step.kind == "intro" or session.item().type is ItemType.info:
            finger.next()
        else:
            finger.answer(session.item().type, plausible(session.form(), session.item()))
    assert built.window.current_screen() is built.window.review
    said = " ".join(s.text for s in built.window.review.spoken())
    assert "José Núñez" in said or any(row.answer.text() in said for row in built.window.review.rows.values())
    scroll = built.window.review.scroll_area.verticalScrollBar()
    assert scroll.maximum() > 0 and scroll.value() == 0  # precondition: a list longer than the screen
    finger.tap(built.window.top_bar.speaker)
    qtbot.waitUntil(lambda: not reader(built).reading, timeout=60000)
    assert sink.frames > 0
    assert scroll.value() > 0  # the list scrolled along with the rows being read
    assert list(temp.rglob("*")) == []
    assert list(data.rglob("*")) == []
    built_iter.close()
    assert os.environ["TMPDIR"] == str(temp)


def test_nothing_of_speech_starts_before_the_first_tap(tmp_path: Path) -> None:
    """Start-up stays fast: building the kiosk starts no synthesiser, player or thread and
    imports no reader; only the cheap look for an output is made."""
    import subprocess
    import sys

    code = (
        "import sys, threading\n"
        "from pathlib import Path\n"
        "from kiosk.forms import load_library\n"
        "from kiosk.settings import Settings\n"
        "from kiosk.ui.app import build_kiosk\n"
        "from kiosk.ui.qt_messages import application\n"
        "app = application(sys.argv[:1])\n"
        f"s = Settings(data_dir=Path({str(tmp_path)!r}), audio_output='null')\n"
        "k = build_kiosk(s, load_library(s.forms_dir), lambda _s: None)\n"
        "k.window.show()\n"
        "app.processEvents()\n"
        "print(not k.window.top_bar.speaker.isHidden(), 'kiosk.speech.reader' in sys.modules,\n"
        "      sorted(t.name for t in threading.enumerate() if t.name.startswith('speech')))\n"
        "k.window.unlock()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2],
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "True False []"


@pytest.fixture
def slides_kiosk(qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox, sink: NullSink,
                 require_espeak: None) -> Iterator[Kiosk]:
    """The kiosk as ``kiosk run`` shows it: the clinic's slide show first, read into a null output."""
    settings = Settings(data_dir=tmp_path)
    attract, problem = make_attract(settings)
    assert problem is None and isinstance(attract, SlideShow)
    attract.setParent(None)
    output = Output(lambda: sink, "null output (test)")
    with running_kiosk(qtbot, settings, library, outbox, clock=lambda: NOW, auto_advance_ms=10,
                       audio_output=output, speech_speed=2.0, attract=attract) as built:
        yield built
        reader(built).stop()


def _slides(kiosk: Kiosk) -> SlideShow:
    show = kiosk.window.attract
    assert isinstance(show, SlideShow)
    return show


def _shown_words(show: SlideShow) -> tuple[str, str]:
    """The slide's title and the first line of its body as a patient sees them (from the labels)."""
    title = show.findChild(QLabel, "slideTitle")
    body = show.findChild(QLabel, "slideBody")
    assert title is not None and body is not None
    document = QTextDocument()
    document.setHtml(body.text())
    first_line = next(line for line in document.toPlainText().splitlines() if line.strip())
    return title.text(), first_line.strip()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_slide_speaker_reads_the_slide_and_does_not_start_check_in(
        qtbot: QtBot, slides_kiosk: Kiosk, sink: NullSink, language: str) -> None:
    kiosk = slides_kiosk
    show = _slides(kiosk)
    decks = load_decks(RESOURCES / "slides", ("en", "es"), clinic_values(Settings(data_dir=Path("."))))
    show.show_slide(2)  # not the first: coming round to it switches the language
    show.set_deck(decks[language])
    assert not kiosk.window.top_bar.isVisible() and show.speaker.isVisible()
    assert show.speaker.accessibleName() == ("Read" if language == "en" else "Leer")
    title, body = _shown_words(show)
    Finger(qtbot, kiosk).tap(show.speaker)
    assert kiosk.window.current_screen() is show and kiosk.flow.session is None  # no check-in
    assert reader(kiosk).reading and show.speaker.isChecked()
    assert not show.is_running  # the slide holds while it is read
    said = reader(kiosk)._said
    assert all(s.language == language for s in said)
    heard = " ".join(" ".join(s.text.split()) for s in said)
    assert title in heard and " ".join(body.split()) in heard
    qtbot.waitUntil(lambda: sink.frames > 0, timeout=15000)
    Finger(qtbot, kiosk).tap(show.speaker)  # a second tap stops, still without a check-in
    assert not reader(kiosk).reading and not show.speaker.isChecked()
    assert kiosk.window.current_screen() is show and kiosk.flow.session is None
    assert show.is_running  # and the loop goes on


def test_a_tap_elsewhere_on_a_slide_stops_reading_and_starts_check_in(
        qtbot: QtBot, slides_kiosk: Kiosk, sink: NullSink) -> None:
    kiosk = slides_kiosk
    show = _slides(kiosk)
    finger = Finger(qtbot, kiosk)
    finger.click(show.speaker)  # a mouse click on it does not start a check-in either
    assert reader(kiosk).reading and kiosk.flow.session is None
    qtbot.waitUntil(lambda: sink.frames > 0, timeout=15000)
    title = show.findChild(QLabel, "slideTitle")
    assert title is not None
    finger.tap(title)
    assert kiosk.flow.session is not None and kiosk.window.current_screen() is kiosk.window.language
    assert not reader(kiosk).reading and not show.is_running
    qtbot.wait(100)
    frames = sink.frames
    qtbot.wait(400)
    assert sink.frames == frames  # silent


def test_the_wipe_back_to_the_slides_stops_reading(qtbot: QtBot, slides_kiosk: Kiosk) -> None:
    kiosk = slides_kiosk
    show = _slides(kiosk)
    Finger(qtbot, kiosk).tap(show.speaker)
    assert reader(kiosk).reading
    kiosk.flow.wipe()  # what the idle timeout and Start over end in
    assert not reader(kiosk).reading and not show.speaker.isChecked() and show.is_running


def test_no_audio_output_hides_the_slide_speaker(qtbot: QtBot, tmp_path: Path, library: FormLibrary,
                                                 outbox: Outbox) -> None:
    settings = Settings(data_dir=tmp_path, audio_output="none")
    attract, _problem = make_attract(settings)
    with running_kiosk(qtbot, settings, library, outbox, attract=attract) as built:
        assert built.window.current_screen() is attract
        assert isinstance(attract, SlideShow) and not attract.speaker.isVisible()


def test_a_held_key_on_the_slides_reads_the_slide_and_a_short_one_starts_check_in(
        qtbot: QtBot, slides_kiosk: Kiosk, sink: NullSink) -> None:
    """A switch or keyboard user reaches the slides' speaker too: its button takes no focus (any
    key on the slides starts a check-in), so holding Space or Enter for a second reads the slide."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.ui.key_access import LONG_PRESS_SECONDS

    kiosk = slides_kiosk
    show = _slides(kiosk)
    window = kiosk.window
    window.activateWindow()
    QTest.keyPress(window, Qt.Key.Key_Space)
    qtbot.wait(int(LONG_PRESS_SECONDS * 1000) + 150)
    QTest.keyRelease(window, Qt.Key.Key_Space)
    assert reader(kiosk).reading and show.speaker.isChecked()
    assert kiosk.window.current_screen() is show and kiosk.flow.session is None  # read, no check-in
    title, _ = _shown_words(show)
    assert title in " ".join(s.text for s in reader(kiosk)._said)
    qtbot.waitUntil(lambda: sink.frames > 0, timeout=15000)
    QTest.keyClick(window, Qt.Key.Key_Return)  # a short press: stop reading, start the check-in
    assert kiosk.flow.session is not None and kiosk.window.current_screen() is kiosk.window.language
    assert not reader(kiosk).reading
