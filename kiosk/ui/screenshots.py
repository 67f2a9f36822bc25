"""Render every kiosk screen to PNG (``kiosk screenshots``) for a person to look at.

The visit is driven through the real flow with sample answers; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import Answer, FormDefinition, Item, ItemType
from kiosk.intake.submission import Submission
from kiosk.ui.app import Kiosk
from kiosk.ui.sizes import TEXT_SCALES
from kiosk.ui.widgets.pad_entry import PadInput
from kiosk.ui.widgets.signature import SignatureInput
from kiosk.ui.widgets.text_entry import TextInput


LARGEST = max(TEXT_SCALES, key=TEXT_SCALES.__getitem__)


def _sample(form: FormDefinition, item: Item) -> Answer:
    """A plausible answer per item type (the second option, so PHQ-9 item 9 raises its flag)."""
    options = form.options_of(item)
    samples: dict[ItemType, Callable[[], Answer]] = {
        ItemType.single_choice: lambda: options[min(1, len(options) - 1)].code,
        ItemType.yes_no: lambda: options[0].code,
        ItemType.multiple_choice: lambda: [options[0].code],
        ItemType.text: lambda: "José Núñez",
        ItemType.number: lambda: 3,
        ItemType.date: lambda: "1980-02-29",
        ItemType.time: lambda: "07:30",
        ItemType.phone: lambda: "(555) 123-4567",
    }
    make = samples.get(item.type)
    return make() if make else None


def _draw_signature(widget: SignatureInput) -> None:
    pad = widget.pad
    width, height = pad.width(), pad.height()
    pad.start_stroke(QPointF(width * 0.15, height * 0.6))
    for step in range(1, 60):
        x = width * (0.15 + step * 0.011)
        y = height * (0.6 - 0.25 * ((step % 12) / 12) + 0.1 * ((step // 12) % 2))
        pad.extend_stroke(QPointF(x, y))


class ScreenshotTaker:
    """Walks one visit, saving a PNG of each screen the first time a kind appears."""

    def __init__(self, kiosk: Kiosk, out: Path) -> None:
        self.kiosk, self.out = kiosk, out
        self.saved: list[Path] = []
        self.contrast_done = False
        self.reading_done: set[str] = set()
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> None:
        app = QApplication.instance()
        assert app is not None
        for _ in range(3):
            app.processEvents()
        path = self.out / f"{len(self.saved) + 1:02d}_{name}.png"
        self.kiosk.window.grab().save(str(path))
        self.saved.append(path)

    def run(self, language: str, *, extras: bool) -> None:
        """One visit in ``language``; ``extras`` adds errors, overlays, contrast and sizes."""
        flow, window = self.kiosk.flow, self.kiosk.window
        window.show()
        self.shot(f"attract_{language}")
        flow.start()
        self.shot("language")
        flow.choose_language(language)
        seen: set[str] = set()
        while flow.session is not None and flow.session.step.kind in ("intro", "question"):
            session = flow.session
            form, item = session.form(), session.item()
            if session.step.kind == "question" and item.text_variants:
                self._variant_shots(f"{form.id}_{item.id}_{language}")
            widget = window.question.input
            kind = f"intro_{form.id}" if session.step.kind == "intro" else item.type.value  # every form's intro
            first = kind not in seen
            seen.add(kind)
            value = _sample(form, item)
            if first and extras and item.type is ItemType.date and isinstance(widget, PadInput):
                for key in "02302001":
                    widget.press(key)
                flow.next()
                self.shot("date_rejected")
            if first and item.type in (ItemType.time, ItemType.signature):
                self._doubted(item.type, language)
            if isinstance(widget, TextInput) and isinstance(value, str):
                widget.set_value(value)
            elif isinstance(widget, SignatureInput):
                _draw_signature(widget)
            elif widget is not None and value is not None:
                widget.set_value(value)
            if first:
                self.shot(f"{kind}_{language}")
            if first and extras and isinstance(widget, TextInput):
                window.top_bar.size_buttons[LARGEST].click()  # the keyboard must still fit at the largest size
                self.shot("text_largest_text")
                window.top_bar.reset()
                window.set_text_size("A")
            if item.type is ItemType.single_choice and language not in self.reading_done:
                self.reading_done.add(language)
                self._reading_shot(f"read_aloud_{language}")
                if extras:
                    window.top_bar.size_buttons[LARGEST].click()
                    self._reading_shot("read_aloud_largest_text")
                    window.top_bar.reset()
                    window.set_text_size("A")
            if extras and item.type is ItemType.single_choice and not self.contrast_done:
                self.contrast_done = True
                window.top_bar.contrast.click()
                self.shot("high_contrast")
                window.top_bar.size_buttons[LARGEST].click()
                self.shot("high_contrast_largest_text")
                window.top_bar.reset()
                window.set_text_size("A")
                window.set_high_contrast(False)
            flow._advance.stop()
            if widget is not None and item.type is ItemType.single_choice:
                flow.choose(value)
                flow._advance.stop()
                if window.current_screen() is window.critical:
                    self.shot(f"critical_note_{language}")
                    flow.after_critical_note()
                    continue
            flow.next()
            if window.current_screen() is window.critical:
                self.shot(f"critical_note_{language}")
                flow.after_critical_note()
            now: str = flow.session.step.kind if flow.session is not None else ""
            if now == "review":
                self.shot(f"review_{language}")
                if extras:
                    window.top_bar.start_over_button.click()
                    self.shot("start_over_confirm")
                    window.confirm_overlay.rejected.emit()
                    flow._warn(flow.idle.countdown)
                    self.shot("timeout_warning")
                    flow.stay()
                flow.next()
        self._finish(language)

    def _reading_shot(self, name: str) -> None:
        """Read-aloud under way: a choice not chosen outlined while it is heard."""
        reader, widget = self.kiosk.read_aloud, self.kiosk.window.question.input
        buttons = getattr(widget, "buttons", [])
        if reader is None or not reader.available or len(buttons) < 2:
            return
        app = QApplication.instance()
        assert app is not None
        target = next(button for _code, button in reversed(buttons) if not button.isChecked())
        reader.read_screen()
        deadline = time.monotonic() + 20
        while not target.property("reading") and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        self.shot(name)
        reader.stop()

    def _doubted(self, kind: ItemType, language: str) -> None:
        """The calm messages of a time later than now and of a Submit before signing."""
        flow, widget = self.kiosk.flow, self.kiosk.window.question.input
        soon = flow.clock().astimezone() + dt.timedelta(minutes=30)
        if kind is ItemType.time and widget is not None and soon.hour > 0:
            widget.set_value(soon.strftime("%H:%M"))
        elif kind is ItemType.time:
            return  # half an hour from now is tomorrow: nothing to doubt
        flow.next()
        self.shot(f"{kind.value}_questioned_{language}")

    def _variant_shots(self, name: str) -> None:
        """An item worded by other answers (USAUDIT item 3): as this visit words it, and the
        default (more cautious) wording, so a person can check both at the kiosk's sizes."""
        flow, question = self.kiosk.flow, self.kiosk.window.question
        session = flow.session
        assert session is not None
        view = flow._question_view(session)
        self.shot(name)
        question.show_question(replace(view, question=session.item().text.get(session.language)))
        self.shot(f"{name}_default")
        self.kiosk.window.top_bar.size_buttons["A++"].click()
        self.shot(f"{name}_default_largest_text")
        self.kiosk.window.top_bar.reset()
        self.kiosk.window.set_text_size("A")
        question.show_question(view)

    def _finish(self, language: str) -> None:
        app = QApplication.instance()
        assert app is not None
        self.shot(f"saving_{language}")
        deadline = dt.datetime.now() + dt.timedelta(seconds=10)
        window = self.kiosk.window
        while window.thank_you.button.isHidden() and dt.datetime.now() < deadline:
            app.processEvents()
        self.shot(f"thank_you_{language}")
        self.kiosk.flow.wipe()


def take_screenshots(
    make_kiosk: Callable[[Callable[[Submission], None]], Kiosk], out: Path, library: FormLibrary | None = None,
) -> list[Path]:
    """PNG of every screen, English (with extras) then Spanish, then staff mode; returns the files."""
    discard: Callable[[Submission], None] = lambda _submission: None  # noqa: E731 - nothing is stored
    taker = ScreenshotTaker(make_kiosk(discard), out)
    taker.run("en", extras=True)
    taker.run("es", extras=False)
    if library is not None:
        from PySide6.QtTest import QTest

        from kiosk.ui.staff.screenshots import staff_screenshots

        staff_screenshots(taker.kiosk, library, taker.shot, QTest.qWait)
    return taker.saved
