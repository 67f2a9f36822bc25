"""``kiosk run``'s start (issue #16, fast recovery): the first slide before anything else.

The forms, the other screens, the store and the services are built after the first slide is
painted; a tap that comes before they are ready still starts a check-in; invalid forms
still stop the kiosk with their clear message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.ui.startup import Startup
from tests.ui.finger import touch_device

ROOT = Path(__file__).resolve().parents[2]


class PaintWatch(QObject):
    """Counts the paints of one widget; ``then`` runs on a zero timer after the first."""

    def __init__(self, then: object = None) -> None:
        super().__init__()
        self.paints = 0
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            if self.paints == 1 and callable(self.then):
                QTimer.singleShot(0, self.then)
        return False


def _stop(qtbot: QtBot, startup: Startup) -> None:
    """Wait for the store the start opens on a worker (its answer must find the window), then stop."""
    link = startup.link
    if link is not None:
        qtbot.waitUntil(lambda: link.store is not None or link.problem is not None, timeout=15000)
        qtbot.wait(10)
    if startup.kiosk is not None:
        startup.kiosk.flow.idle.stop()
    startup.window.unlock()
    startup.close()


def test_the_first_slide_is_painted_before_the_forms_are_loaded(
    qtbot: QtBot, settings: Settings, visit_library: FormLibrary,
) -> None:
    painted_when_loaded: list[int] = []
    watch = PaintWatch()

    def load() -> FormLibrary:
        painted_when_loaded.append(watch.paints)
        return visit_library

    startup = Startup(settings, load)
    qtbot.addWidget(startup.window)
    startup.window.attract.installEventFilter(watch)
    assert startup.kiosk is None and not startup.window.completed  # only the slides so far
    startup.window.show()
    qtbot.waitUntil(lambda: startup.kiosk is not None, timeout=15000)
    assert painted_when_loaded and painted_when_loaded[0] >= 1, "the forms were loaded before the first slide was drawn"
    assert startup.window.completed and startup.window.current_screen() is startup.window.attract
    _stop(qtbot, startup)


def test_a_tap_on_the_first_slide_before_anything_is_loaded_starts_the_check_in(
    qtbot: QtBot, settings: Settings, visit_library: FormLibrary,
) -> None:
    loads: list[str] = []
    startup = Startup(settings, lambda: loads.append("forms") or visit_library)  # type: ignore[func-returns-value]
    qtbot.addWidget(startup.window)
    seen_at_tap: list[bool] = []

    def tap() -> None:  # runs before the start's first step (its filter was installed earlier)
        seen_at_tap.append(startup.library is None)
        at = startup.window.attract.rect().center()
        QTest.touchEvent(startup.window, touch_device()).press(0, at).commit()
        QTest.touchEvent(startup.window, touch_device()).release(0, at).commit()

    startup.window.attract.installEventFilter(watch := PaintWatch(tap))
    startup.window.show()
    qtbot.waitUntil(lambda: bool(seen_at_tap), timeout=15000)
    assert seen_at_tap == [True], "the tap came after the forms were loaded: the test proves nothing"
    kiosk = startup.kiosk
    assert kiosk is not None and kiosk.flow.session is not None
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.language, timeout=5000)
    qtbot.wait(50)  # the start's own queued step comes after the tap: it must not build anything twice
    assert loads == ["forms"] and startup.kiosk is kiosk and watch.paints >= 1
    finger_taps_english(qtbot, startup)
    _stop(qtbot, startup)


def finger_taps_english(qtbot: QtBot, startup: Startup) -> None:
    """The language screen works as always: English leads to the first question."""
    from tests.ui.finger import Finger

    kiosk = startup.kiosk
    assert kiosk is not None
    Finger(qtbot, kiosk).tap(kiosk.window.language.buttons["en"])
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.question, timeout=5000)


def test_invalid_forms_stop_the_kiosk_after_the_first_slide_with_the_clear_message(
    qtbot: QtBot, tmp_path: Path, forms_copy: Path,
) -> None:
    (forms_copy / "phq9.yaml").write_text("id: phq9\nitems: [\n", encoding="utf-8")
    startup = Startup(Settings(data_dir=tmp_path / "data", forms_dir=forms_copy))
    qtbot.addWidget(startup.window)
    watch = PaintWatch()
    startup.window.attract.installEventFilter(watch)
    refusals: list[str] = []
    startup.refused.connect(refusals.append)
    startup.window.show()
    qtbot.waitUntil(lambda: bool(refusals), timeout=15000)
    assert watch.paints >= 1  # the slides were up first
    assert "invalid forms" in refusals[0] and "phq9.yaml" in refusals[0] and "Traceback" not in refusals[0]
    assert startup.kiosk is None and startup.link is None  # nothing that could take a check-in
    startup.window.unlock()


def _bench_child(mode: str, data: Path | None = None) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UI_BENCH_DATA": str(data or "")}
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "ui_bench.py"), "--child", mode, "kiosk"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_kiosk_run_draws_the_first_slide_with_none_of_the_visit_modules_and_never_loads_desk_ones() -> None:
    """In a fresh process, the way ``kiosk run`` starts (bench/ui_bench.py's children): at the
    first paint no form model, question screen, store or speech engine is imported; after a
    whole visit (stored in a real store) no PDF, FHIR or chart module is."""
    at_paint = set(_bench_child("start")["modules"])  # type: ignore[arg-type]
    for name in ("kiosk.forms.model", "kiosk.forms.loader", "kiosk.ui.screens.question", "kiosk.ui.flow",
                 "kiosk.store", "sqlalchemy", "kiosk.speech.script", "kiosk.ui.read_aloud"):
        assert name not in at_paint, f"{name} is imported before the first slide is drawn"
    after_visit = _bench_child("taps")
    assert after_visit["heavy"] == [], "desk- or PDF-only modules in the kiosk process"
    assert "kiosk.store" in set(after_visit["modules"])  # type: ignore[arg-type]  # the visit went through the store
    # kiosk.ui.feature_scan: PySide6's import hook kept every module's text (8 M characters, 20 MB)
    assert after_visit["source_text_kept"] < 200_000  # type: ignore[operator]


def test_after_a_restart_the_picture_of_the_first_slide_is_up_before_pydantic_or_the_settings_load(
    tmp_path: Path,
) -> None:
    """kiosk.ui.launch: a restart shows the last run's picture of the first slide with Qt alone;
    the settings' and slides' models (pydantic: 0.2 s of imports) come behind it."""
    assert _bench_child("prepare", tmp_path)["picture"] is True  # a first start keeps the picture
    start = _bench_child("start", tmp_path)
    assert start["picture"] is True, "the restart did not show the kept picture"
    at_picture = set(start["first_modules"])  # type: ignore[arg-type]
    for name in ("pydantic", "kiosk.settings", "kiosk.content", "yaml", "kiosk.ui.startup"):
        assert name not in at_picture, f"{name} is imported before the picture is drawn"
    assert "kiosk.settings" in set(start["modules"])  # type: ignore[arg-type]  # the live slides came after
