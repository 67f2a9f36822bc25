"""The first slide after launch is drawn in its stylesheet's body size, not Qt's default font.

The slide show is built before the kiosk window sets its stylesheet; the body's Markdown was
turned into rich text in the font of that moment (about 12 px) and kept it on the first paint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.settings import Settings
from kiosk.ui.app import build_kiosk, make_attract
from kiosk.ui.first_paint import after_first_paint
from tests.ui.conftest import Outbox

WELCOME_BODY_PX = 32
"""``#slideBody[kind="welcome"]`` in resources/styles/slides.qss."""


def _drawn_pixel_size(label: QLabel) -> float:
    """The size the body's first characters are drawn in (what its rich text says, in px)."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    font = document.begin().begin().fragment().charFormat().font()
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * label.logicalDpiY() / 72


def test_the_welcome_slide_body_has_its_size_on_the_first_paint(
    qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox,
) -> None:
    settings = Settings(data_dir=tmp_path)
    attract, problem = make_attract(settings)
    assert attract is not None, problem
    kiosk = build_kiosk(settings, library, outbox, attract=attract)  # as ``kiosk run`` builds it
    qtbot.addWidget(kiosk.window)
    painted: list[float] = []
    body = attract.findChild(QLabel, "slideBody")
    assert body is not None
    after_first_paint(attract, lambda: painted.append(_drawn_pixel_size(body)))
    kiosk.window.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=5000)
    assert painted[0] == WELCOME_BODY_PX, f"first paint drew the welcome body at {painted[0]:.1f} px"
    kiosk.flow.idle.stop()
    kiosk.window.unlock()


def test_work_after_the_first_paint_waits_until_the_slide_is_drawn(qtbot: QtBot) -> None:
    """Issue #16: the callback (staff mode, the store's imports) ran inside the paint event's
    filter, before the slide's own paintEvent: the first slide waited for all of it."""

    class Slide(QLabel):
        drawn = False

        def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt API
            super().paintEvent(event)  # type: ignore[arg-type]
            self.drawn = True

    slide = Slide("Welcome")
    qtbot.addWidget(slide)
    seen: list[bool] = []
    after_first_paint(slide, lambda: seen.append(slide.drawn))
    slide.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [True]
