"""Calm full-screen notices: saving / thank-you / please see the desk, and the critical note."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.screens.common import label
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import touch_button
from kiosk.ui.widgets.scrolling import KineticScrollArea
from kiosk.ui.widgets.spoken import Said, shown_texts

ThankYouState = Literal["saving", "thanks", "problem"]


class NoticeScreen(QWidget):
    """A centred card with a title, text lines and one button."""

    done = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        screen = QVBoxLayout(self)
        screen.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = KineticScrollArea(self)  # long notes at large text sizes scroll
        screen.addWidget(self.scroll_area)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(120, 40, 120, 40)
        outer.addStretch(1)
        self.card = QFrame(page)
        self.card.setObjectName("NoticeCard")
        column = QVBoxLayout(self.card)
        column.setContentsMargins(48, 40, 48, 40)
        column.setSpacing(20)
        self.title = label("", "title", self.card)
        self.body = label("", "notice-body", self.card)
        self.extra = label("", "notice-extra", self.card)
        for widget in (self.title, self.body, self.extra):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        self.button = touch_button("", "primary", self.card)
        self.button.setMinimumWidth(320)
        row.addWidget(self.button)
        row.addStretch(1)
        column.addLayout(row)
        outer.addWidget(self.card)
        outer.addStretch(1)
        self.scroll_area.setWidget(page)
        self.button.clicked.connect(self.done)
        self.language = "en"

    def spoken(self) -> list[Said]:
        """Read aloud: the title, the text and the extra line (e.g. the 988 number)."""
        return shown_texts(self.language, self.title, self.body, self.extra)

    def _show(self, language: str, title: str, body: str, extra: str, button: str | None) -> None:
        self.language = language
        self.title.setText(title)
        self.body.setText(body)
        self.extra.setText(extra)
        self.extra.setVisible(bool(extra))
        self.button.setVisible(button is not None)
        self.button.setText(button or "")
        self.scroll_area.scroll_to_top()


class ThankYouScreen(NoticeScreen):
    """Saving…, then thank-you (also when the answers were spooled), or see the desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("ThankYouScreen", parent)

    def show_state(self, state: ThankYouState, language: str) -> None:
        if state == "saving":
            self._show(language, tr("saving", language), "", "", None)
        elif state == "thanks":
            self._show(language, tr("thanks_title", language), tr("thanks_body", language), "", tr("done", language))
        else:
            self._show(language, tr("problem_title", language), tr("problem_body", language), "", tr("done", language))


class CriticalNoteScreen(NoticeScreen):
    """After an answer that raises a crisis flag (suicide risk): the team will check in; 988."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CriticalNoteScreen", parent)

    def show_note(self, language: str) -> None:
        self._show(
            language, tr("critical_title", language), tr("critical_body", language),
            tr("critical_988", language), tr("continue", language),
        )
