"""Read-aloud benchmark (not a test): tap on the speaker → first sample at the output, and
tap on a choice → next question painted with "Always read aloud" on and off.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/speech_bench.py [--runs 20]

The output is the null sink (this machine has no sound card): "first sample" is the moment
the first slice of synthesised audio is handed to the output, which is when aplay would
get it. The load average is printed with the figures: on a shared machine they say little.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.speech.sinks import NullSink, Output  # noqa: E402
from kiosk.speech.wav import Audio  # noqa: E402


class TimingSink(NullSink):
    """The null output, noting when the first sample of a reading arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.first: float | None = None
        self.arrived = threading.Event()

    def write(self, audio: Audio) -> None:
        if self.first is None:
            self.first = time.perf_counter()
            self.arrived.set()
        super().write(audio)


def figures(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name:<44} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.forms import load_library
    from kiosk.settings import Settings
    from kiosk.ui.app import build_kiosk

    app = QApplication([])
    loop = QEventLoop()
    device = QTest.createTouchDevice()
    sinks: list[TimingSink] = []

    def make_sink() -> TimingSink:
        sinks.append(TimingSink())
        return sinks[-1]

    settings = Settings(data_dir=Path(os.environ.get("TMPDIR", "/tmp")) / "speech-bench")
    kiosk = build_kiosk(settings, load_library(settings.forms_dir), lambda _s: None, auto_advance_ms=0,
                        audio_output=Output(make_sink, "timing null sink"))
    window, flow, reader = kiosk.window, kiosk.flow, kiosk.read_aloud
    assert reader is not None
    painted = [0.0]  # when the question screen was last painted

    class QuestionPainted(QObject):
        """Notes the question screen's paints (the new question on screen)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is window.question and event.type() == QEvent.Type.Paint:
                painted[0] = time.perf_counter()
            return False

    watcher = QuestionPainted()
    app.installEventFilter(watcher)
    window.show()
    QTest.qWaitForWindowExposed(window)

    def tap(widget: Any) -> float:
        at = widget.mapTo(window, widget.rect().center())
        QTest.touchEvent(window, device).press(0, at).commit()
        started = time.perf_counter()
        QTest.touchEvent(window, device).release(0, at).commit()
        return started

    def open_question(form_id: str, item_id: str) -> None:
        flow.wipe()
        flow.start()
        assert flow.session is not None
        flow.session.set_language("en")
        flow.session.go_to(form_id, item_id)
        for _ in range(5):
            loop.processEvents()

    # 1. speaker tap → first sample handed to the output
    first_sample: list[float] = []
    items = [("phq9", f"q{n}") for n in range(1, 10)] + [("gad7", f"q{n}") for n in range(1, 8)]
    for run in range(args.runs):
        open_question(*items[run % len(items)])
        started = tap(window.top_bar.speaker)
        sink = sinks[-1]
        deadline = time.perf_counter() + 10
        while not sink.arrived.is_set() and time.perf_counter() < deadline:
            loop.processEvents()
        if sink.first is not None:
            first_sample.append((sink.first - started) * 1000)
        reader.stop()

    # 2. choice tap → next question painted, read-aloud on (every screen read) and off: a whole
    # visit, timing each single-choice tap; other items are answered without a tap
    from kiosk.forms.model import ItemType
    from kiosk.ui.widgets.choice import ChoiceInput

    samples: dict[ItemType, Any] = {ItemType.text: "Ana Ruiz", ItemType.date: "1980-02-29",
                                    ItemType.phone: "(555) 123-4567", ItemType.time: "07:30", ItemType.number: 1}

    def walk(always: bool) -> list[float]:
        latencies: list[float] = []
        flow.wipe()
        flow.start()
        reader.set_always(always)
        flow.choose_language("en")
        while (session := flow.session) is not None and session.step.kind in ("intro", "question"):
            for _ in range(3):
                loop.processEvents()
            choice = window.question.input
            item = session.item()
            if isinstance(choice, ChoiceInput) and choice.single_tap:
                # the calmest answer: no crisis note ("No" on a yes/no, else the first option)
                button = choice.buttons[-1 if item.type is ItemType.yes_no else 0][1]
                before = session.step
                started = tap(button)
                deadline = time.perf_counter() + 5
                while (painted[0] < started or session.step == before) \
                        and time.perf_counter() < deadline and window.current_screen() is window.question:
                    loop.processEvents()
                if window.current_screen() is window.question:
                    latencies.append((painted[0] - started) * 1000)
            elif session.step.kind == "intro" or item.type is ItemType.info:
                flow.next()
            elif item.type is ItemType.multiple_choice:
                session.answer([session.form().options_of(item)[-1].code])
                session.next()
            elif item.type in samples:
                session.answer(samples[item.type])
                session.next()
            else:
                break  # the signature: the measured part of the visit is over
            if window.current_screen() is window.critical:
                flow.after_critical_note()
        reader.set_always(False)
        reader.stop()
        return latencies

    on, off = walk(True), walk(False)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores "
          "(figures under load say little; targets: first sample < 300 ms, tap p95 < 30 ms)")
    print(figures("speaker tap → first sample at the output", first_sample))
    print(figures("choice tap → next question, read-aloud on", on))
    print(figures("choice tap → next question, read-aloud off", off))
    flow.wipe()
    window.unlock()
    del app


if __name__ == "__main__":
    main()
