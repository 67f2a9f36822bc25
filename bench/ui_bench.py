"""Kiosk UI benchmark (not a test): cold start to first slide, tap latency, memory.

Each figure is printed beside the same figure for a bare PySide6 window measured in the
same run, and as a ratio to it. Every measurement runs in a fresh interpreter so a cold
start is really cold.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_bench.py [--runs 3]

Tap latency: a touch press+release on the button that moves the visit on (a choice with
auto-advance, or Next), until the next question has been painted. The kiosk's deliberate
250 ms pause after a choice (so the patient sees it selected) is set to 0 here: it is a
design choice, not a cost.

What is measured is ``kiosk run --windowed`` itself for the start (``kiosk.cli.main``: its
command line, logging, settings from the environment, kiosk.ui.launch, kiosk.ui.startup with
its services: health checks, heartbeat, escalation watch, crash net), read-aloud available
(a null audio output: the speech engine loaded, the speaker shown), in a data folder whose
store and launch picture a first start made (so each child is a restart, as after a crash);
for taps and memory the same Launcher and Startup, the visit stored in that store and the
kiosk wiped before its memory is read. Two start figures: the first slide on screen (the
kept picture of it, kiosk.ui.launch) and the live slides (the kiosk's own first slide drawn).

Figures of the last run (main, 2026-12-01 19:10, a quiet machine, load under 1; --runs 5):

                                            bare         kiosk   ratio   target
    process start to first slide drawn     277.7 ms      322.6 ms    1.16x   ratio <= 2.0x (the kept picture)
    process start to live slides drawn     277.7 ms      804.5 ms    2.90x
    tap -> next painted, median (n=65)       1.0 ms       10.9 ms   10.93x
    tap -> next painted, p95                 1.3 ms       20.4 ms   15.51x   kiosk <= 16.7 ms (60 Hz)
    resident memory after a visit           60.0 MB      129.6 MB    2.16x   ratio <= 1.5x

A --runs 3 just before: 1.30x, 3.04x, 11.8 / 22.5 ms, 2.16x. The same machine at the start of
the day (before the launch picture, the command-line split, the import hook's fix and branch
tap): start 2.55x (724 ms, no picture), tap median 19.6 / p95 45.3 ms, memory 137.8 MB (2.30x).
Targets met: the first slide. Not met: tap p95 (4-6 taps of 65 still over 16.7 ms, below),
memory (see below: not reachable in this stack), and the live slides stay near 3x.

Tap (branch tap, each change kept only when this bench showed it): every kind of input is
relabelled for the next item of its kind (one choice input for every choice list, pads,
readings, the signature pad: taps over 16.7 ms 25 -> 11); the visit's inputs are built
ahead, one per event-loop turn, once the language is chosen (kiosk/ui/screens/inputs_ahead.py);
a chosen answer is drawn semi-bold by its label instead of two style repolishes and a relayout
per tap; the crisis check scores only forms that define a crisis flag (median ~13 -> 10 ms);
inputs are made in the scrolled column they show in (a keyboard's first show 38 -> 17 ms: the
move into it re-polished every key); IntakeSession.steps() is kept until what it depends on
changes; the three input watchers share one application-wide filter (kiosk.ui.app_events).
Still over 16.7 ms in a typical run: the name's keyboard and the first choice list (their
inputs are still being built ahead when the bench taps on at once, where a patient reads the
check-in's introduction); a keyboard shown again after a choice or a phone (18-23 ms); the
ten-medicine checklist (27-30 ms); now and then the phone pad's first show (24-50 ms). Measured
and not kept: a wrapped-height cache of the answer buttons (0.3 ms, in the noise); a kept
picture of each keyboard key (its paint 8.4 -> 2.6 ms alone, no change per tap); building the
inputs on the slides before the visit; showing a built input once in its place, unpainted (it
squeezed the input on screen); a scheduled full garbage collection (no full collection fell
inside a visit's taps in this bench: they come at the wipe).

Where the time and memory go (profiled: -X importtime, cProfile, RSS by mapping and by import):
- Start: a bare PySide6 window is the interpreter (~70 ms), PySide6's import (~250 ms) and a
  paint. The launch picture adds reading the data folder's place (no pydantic:
  kiosk.settings_sources) and a 1280x800 PNG (~20 ms), and avoids the Qt namespace (PySide6
  builds its Python enums on first use: 50 ms). The live slides add pydantic's import and
  first model (~200 ms: the settings' and slides' models need it), PySide6 building Python
  enums for each Qt class on first use (354 enums against the bare window's 51: ~150 ms more),
  the slide decks (YAML, ~30 ms), the slide show and window (~60 ms), the logging set-up.
  Until 2026-12-01, `kiosk run` also imported every other command's module (0.3 s) and
  PySide6's import hook read the whole source of every module imported after it
  (kiosk.ui.feature_scan).
- Memory after a visit, ~129 MB: the bare window ~60; modules ~49 (pydantic 14, SQLAlchemy
  core and SQLite 14, cryptography's AEAD 6.5, the kiosk's own ~14); what the kiosk builds
  ~20 (forms, screens, the store's engine, the health checks' imports). 1.5x (90 MB) would need
  the store (SQLAlchemy, cryptography, the store's modules: ~23 MB) in another process *and*
  ~16 MB less elsewhere, while pydantic (the forms' models) stays: not reachable in this
  stack without moving memory to another process rather than saving it. Gone already:
  PySide6's hook's source text (20 MB), PostgreSQL's dialect package in a SQLite kiosk
  (3.3 MB). MALLOC_ARENA_MAX and malloc_trim give back nothing that lasts.
  reportlab, fhir.resources, QtCharts, QtPdf and QtTextToSpeech are never loaded in the
  kiosk process (tests/ui/test_startup.py).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- children -------------------------------------------------------------------------------
def child_start(kind: str) -> dict[str, Any]:
    """Build and show a window; return once the slides are really painted and live.

    The kiosk is ``kiosk run --windowed`` itself (``kiosk.cli.main``, as the console script
    calls it: its command line, logging, settings from the environment, its services), on
    the shared data folder with a null audio output. Two moments: the first slide on screen
    (the last run's picture of it, see kiosk.ui.launch, else the live slide) and the live
    slides (the kiosk's own first slide drawn: the slide show running, a tap answered at
    once). For the bare window both are its one paint."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    app = QApplication([])  # kiosk.ui.qt_messages.application() takes this one over
    painted: dict[str, float] = {}
    loaded: set[str] = set()
    first_modules: set[str] = set()

    def drawn() -> None:
        painted["at"] = time.time()
        app.exit(0)  # quit() would ask the kiosk window, which refuses to close

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            # the first Paint of the picture or the slides (a zero timer after show() would
            # fire before anything is drawn); timed once that paint event is done, so work
            # done inside it (other filters, the paintEvent itself) counts
            if event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget) or "started" in painted:
                return False
            top = obj.window()
            live = top if kind == "bare" else getattr(top, "attract", None)  # the KioskWindow's slides
            if "first" not in painted and top.objectName() == "LaunchPicture":
                first_modules.update(sys.modules)  # what the picture needed (the tests check it)
                QTimer.singleShot(0, lambda: painted.setdefault("first", time.time()))
            elif live is not None and (obj is live or live.isAncestorOf(obj)):
                painted["started"] = time.time()
                loaded.update(sys.modules)  # what the live slide needed (the tests check it)
                QTimer.singleShot(0, drawn)
            return False

    spy = FirstPaint()
    app.installEventFilter(spy)
    if kind == "bare":
        window = QLabel("Tap anywhere to check in")
        window.resize(1280, 800)
        window.show()
        app.exec()
    else:
        data = os.environ.get(DATA_ENV) or tempfile.mkdtemp(prefix="ui-bench-")
        os.environ.update(KIOSK_DATA_DIR=data, KIOSK_AUDIO_OUTPUT="null", KIOSK_CONFIG=str(Path(data) / "none.toml"))
        from kiosk.cli import main

        code = main(["run", "--windowed"])
        if code != 0 or "at" not in painted:
            raise SystemExit(f"kiosk run ended with {code} before its slides were drawn")
    return {"first_at": painted.get("first", painted["at"]), "painted_at": painted["at"], "rss_mb": rss_mb(),
            "modules": sorted(loaded), "picture": "first" in painted, "first_modules": sorted(first_modules)}


def kiosk_launch(**options: Any) -> Any:
    """The kiosk as ``kiosk run`` starts it (kiosk.ui.launch.Launcher: the last run's picture
    of the first slide if there is one, the kiosk built behind it), services (health checks,
    heartbeat, escalation watch, crash net) included, read-aloud available (a null output: the
    speech engine is loaded and the speaker shown, nothing is played), in the shared data
    folder (or a fresh one)."""
    from kiosk.ui.launch import Launcher

    data = Path(os.environ.get(DATA_ENV) or tempfile.mkdtemp(prefix="ui-bench-"))

    def build() -> Any:
        from kiosk.settings import Settings
        from kiosk.ui.startup import Startup

        startup = Startup(Settings(data_dir=data, audio_output="null"), services=True, **options)
        assert startup.problem is None, startup.problem
        return startup

    return Launcher(data, build, lambda window: window.show(), fullscreen=False)


DATA_ENV = "UI_BENCH_DATA"
"""The data folder the kiosk children share: made once by ``prepare`` (database created and
migrated, key written), so each child is a *restart* (issue #16: "after a crash or watchdog
restart"), not a first start that runs every migration (Alembic alone is 14 MB resident)."""


def child_prepare() -> dict[str, Any]:
    """The first start of a kiosk in the shared data folder: the store created and migrated,
    and the picture of the first slide kept (kiosk.ui.launch), as any run of the kiosk leaves."""
    from PySide6.QtWidgets import QApplication

    from kiosk.settings import Settings
    from kiosk.store import Store
    from kiosk.ui.launch import wait_for_picture

    Store.open(Settings(data_dir=Path(os.environ[DATA_ENV]))).close()
    app = QApplication([])
    launcher = kiosk_launch()
    kept = wait_for_picture(launcher)
    launcher.close()
    del app
    return {"picture": kept}


def _touch(window: Any, widget: Any, device: Any) -> float:
    from PySide6.QtTest import QTest

    at = widget.mapTo(window, widget.rect().center())
    QTest.touchEvent(window, device).press(0, at).commit()
    started = time.perf_counter()
    QTest.touchEvent(window, device).release(0, at).commit()
    return started


def child_taps(kind: str) -> dict[str, Any]:
    """Tap through a visit (or a bare button) and time each tap until the next paint."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QPointF
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    loop = QEventLoop()  # its processEvents, unlike the static one, is safe on every PySide6
    device = QTest.createTouchDevice()
    last_paint: dict[int, float] = {}

    class PaintClock(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                last_paint[id(obj)] = time.perf_counter()
            return False

    clock = PaintClock()
    app.installEventFilter(clock)

    def wait_paint(widget: Any, since: float) -> float:
        deadline = time.perf_counter() + 5
        while last_paint.get(id(widget), 0) < since and time.perf_counter() < deadline:
            loop.processEvents()
        return (last_paint.get(id(widget), float("inf")) - since) * 1000

    latencies: list[float] = []
    if kind == "bare":
        from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

        window = QWidget()
        layout = QVBoxLayout(window)
        label, button = QLabel("question 0"), QPushButton("Next")
        layout.addWidget(label)
        layout.addWidget(button)
        button.clicked.connect(lambda: label.setText(f"question {int(label.text().split()[1]) + 1}"))
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
        for _ in range(40):
            started = _touch(window, button, device)
            latencies.append(wait_paint(label, started))
        return {"latencies_ms": latencies, "rss_mb": rss_mb()}

    from kiosk.forms.model import ItemType
    from kiosk.ui.widgets.choice import ChoiceInput

    launcher = kiosk_launch(auto_advance_ms=0)
    deadline = time.perf_counter() + 30
    while launcher.startup is None or launcher.startup.kiosk is None \
            or launcher.startup.link.store is None and launcher.startup.link.problem is None:
        loop.processEvents()  # the kiosk built behind the picture and after the first paint, the store opened
        if time.perf_counter() > deadline:
            raise SystemExit("the kiosk did not finish starting")
    startup = launcher.startup
    window = startup.window
    QTest.qWaitForWindowExposed(window)
    kiosk = startup.kiosk
    assert kiosk.read_aloud is not None and kiosk.read_aloud.available, "read-aloud must be on in the bench"
    flow = kiosk.flow
    outcomes: list[str] = []
    flow.submitted.connect(outcomes.append)
    flow.start()
    flow.choose_language("en")
    samples = {ItemType.text: "Ana Ruiz", ItemType.date: "1980-02-29", ItemType.phone: "(555) 123-4567",
               ItemType.time: "07:30", ItemType.number: 1}
    for _ in range(500):
        if flow.session is None:
            break
        loop.processEvents()
        session = flow.session
        if window.current_screen() is window.critical:
            window.critical.button.click()
            continue
        if session.step.kind == "review":
            window.review.ok_button.click()
            continue
        item, widget = session.item(), window.question.input
        if item.type is ItemType.multiple_choice:
            widget.set_value([session.form().options_of(item)[-1].code])
            target = window.question.next_button
        elif isinstance(widget, ChoiceInput):
            options = session.form().options_of(item)
            target = widget.button_for(options[0].code if item.type is not ItemType.yes_no else False)
        else:
            if item.type is ItemType.signature:
                widget.pad.load(None)
                widget.pad.start_stroke(QPointF(widget.pad.rect().center()))  # a dot is a signature here
            elif item.type in samples:
                widget.set_value(samples[item.type])
            target = window.question.next_button
        before = session.step
        started = _touch(window, target, device)
        deadline = time.perf_counter() + 5
        while flow.session is not None and flow.session.step == before and window.current_screen() is window.question \
                and time.perf_counter() < deadline:
            loop.processEvents()
        if flow.session is not None and flow.session.step == before and window.current_screen() is window.question:
            raise SystemExit(f"stuck on {before}: {window.question.error.text()}")
        if flow.session is None or window.current_screen() is not window.question:
            continue  # review, critical note or submit: not a question-to-question tap
        new_input = window.question.input
        latencies.append(wait_paint(new_input, started))
    deadline = time.perf_counter() + 30
    while not outcomes and time.perf_counter() < deadline:
        loop.processEvents()  # the visit reaches the store, as on a kiosk
    if outcomes != ["stored"]:
        raise SystemExit(f"the visit was not stored: {outcomes}")
    flow.wipe()  # the thank-you screen's timer, without its seconds of waiting
    for _ in range(20):
        loop.processEvents()
    return {"latencies_ms": latencies, "rss_mb": rss_mb(), "heavy": sorted(heavy_modules()), "modules": sorted(sys.modules),
            "source_text_kept": source_text_kept()}


def source_text_kept() -> int:
    """Characters of source lines the process keeps in ``linecache`` (kiosk.ui.feature_scan)."""
    import linecache

    return sum(len(line) for entry in linecache.cache.values() if len(entry) > 2 for line in entry[2])


HEAVY = ("reportlab", "fhir", "PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtTextToSpeech", "pypdf", "matplotlib")
"""Desk- and PDF-only modules: a kiosk that loads one of them pays its memory for nothing."""


def heavy_modules() -> set[str]:
    return {name for name in sys.modules if name.split(".")[0] in HEAVY or name in HEAVY}


# --- parent -----------------------------------------------------------------------------------
def run_child(mode: str, kind: str, data: str = "") -> tuple[dict[str, Any], float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), DATA_ENV: data}
    spawned = time.time()
    out = subprocess.run([sys.executable, __file__, "--child", mode, kind], capture_output=True, text=True,
                         env=env, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1]), spawned


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="alternating bare/kiosk runs of each figure (medians)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "KIND"))
    args = parser.parse_args()
    if args.child:
        mode, kind = args.child
        children = {"start": child_start, "taps": child_taps, "prepare": lambda _kind: child_prepare()}
        print(json.dumps(children[mode](kind)))
        return
    # Byte-code for our package, as a wheel install has (PYTHONDONTWRITEBYTECODE would otherwise
    # make every cold start compile the kiosk's modules from source, which no installed kiosk does).
    compileall.compile_dir(str(ROOT / "kiosk"), quiet=1)
    data = tempfile.mkdtemp(prefix="ui-bench-")
    run_child("prepare", "kiosk", data)
    starts: dict[str, list[float]] = {"bare": [], "kiosk": []}
    lives: dict[str, list[float]] = {"bare": [], "kiosk": []}
    pictures: list[bool] = []
    p95s: dict[str, list[float]] = {"bare": [], "kiosk": []}
    medians: dict[str, list[float]] = {"bare": [], "kiosk": []}
    rss: dict[str, list[float]] = {"bare": [], "kiosk": []}
    counts: list[int] = []
    for _ in range(args.runs):  # alternating, so a busy moment of the machine hits both kinds
        for kind in ("bare", "kiosk"):
            result, spawned = run_child("start", kind, data)
            starts[kind].append((result["first_at"] - spawned) * 1000)
            lives[kind].append((result["painted_at"] - spawned) * 1000)
            if kind == "kiosk":
                pictures.append(result["picture"])
    for _ in range(args.runs):
        for kind in ("bare", "kiosk"):
            taps = run_child("taps", kind, data)[0]
            p95s[kind].append(p95(taps["latencies_ms"]))
            medians[kind].append(statistics.median(taps["latencies_ms"]))
            rss[kind].append(taps["rss_mb"])
            if kind == "kiosk":
                counts.append(len(taps["latencies_ms"]))

    def row(name: str, bare: float, kiosk: float, unit: str, target: str) -> None:
        print(f"{name:<34} {bare:>9.1f} {unit:<3} {kiosk:>9.1f} {unit:<3} {kiosk / bare:>6.2f}x   {target}")

    med = statistics.median
    print(f"medians of {args.runs} alternating runs; judge the ratios (the machine's load moves both)")
    print(f"{'':<34} {'bare':>13} {'kiosk':>13} {'ratio':>7}   target")
    row("process start to first slide drawn", med(starts["bare"]), med(starts["kiosk"]), "ms",
        f"ratio <= 2.0x (the kept picture of it: {sum(pictures)} of {len(pictures)} starts)")
    row("process start to live slides drawn", med(lives["bare"]), med(lives["kiosk"]), "ms", "")
    row(f"tap -> next painted, median (n={med(counts):.0f})", med(medians["bare"]), med(medians["kiosk"]), "ms", "")
    row("tap -> next painted, p95", med(p95s["bare"]), med(p95s["kiosk"]), "ms", "kiosk <= 16.7 ms (60 Hz)")
    row("resident memory after a visit", med(rss["bare"]), med(rss["kiosk"]), "MB", "ratio <= 1.5x")


if __name__ == "__main__":
    main()
