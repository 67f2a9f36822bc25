"""Cards over the current screen: "Are you still there?" and the Start over confirmation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.accessibility import show_text
from kiosk.ui.key_access import GOES_BACK
from kiosk.ui.screens.common import label
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import touch_button
from kiosk.ui.widgets.scrolling import KineticScrollArea
from kiosk.ui.widgets.wrap_button import WrapButton


class Overlay(QWidget):
    """Dims the window and holds a centred card; follows the window's size."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        screen = QVBoxLayout(self)
        screen.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = KineticScrollArea(self)  # a tall card at the largest text scrolls
        screen.addWidget(self.scroll_area)
        page, outer = self.scroll_area.new_column("OverlayPage", (9, 9, 9, 9), 6)
        outer.addStretch(1)
        self.card = QFrame(page)
        self.card.setObjectName(name)
        self.card.setProperty("role", "overlay-card")
        self.card.setMaximumWidth(760)
        self.column = QVBoxLayout(self.card)
        self.column.setContentsMargins(48, 36, 48, 36)
        self.column.setSpacing(20)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(self.card, 3)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and parent is not None and watched is parent:
            self.setGeometry(parent.rect())
        return False

    def open(self) -> None:
        """Cover the whole window and come to the front."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        # the keyboard's focus (and a switch's highlight) comes into the card, off the screen it covers
        first = next((b for b in self.card.findChildren(QAbstractButton) if b.isVisibleTo(self)), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.PopupFocusReason)


class IdleOverlay(Overlay):
    """Counts down before the visit is wiped; one tap keeps it."""

    stay = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__("IdleCard", parent)
        self.title = label("", "title", self.card)
        self.body = label("", "notice-body", self.card)
        self.count = label("", "countdown", self.card)
        for widget in (self.title, self.body, self.count):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.column.addWidget(widget)
        self.stay_button = touch_button("", "primary", self.card)
        self.column.addWidget(self.stay_button)
        self.stay_button.clicked.connect(self.stay)

    def show_countdown(self, seconds: int, language: str) -> None:
        self.title.setText(tr("idle_title", language))
        self.body.setText(tr("idle_body", language, n=seconds))
        self.count.setText(str(seconds))
        show_text(self.stay_button, tr("idle_stay", language))


class ConfirmOverlay(Overlay):
    """Start over? Erasing needs a second, deliberate tap."""

    accepted = Signal()
    rejected = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__("ConfirmCard", parent)
        self.title = label("", "title", self.card)
        self.body = label("", "notice-body", self.card)
        for widget in (self.title, self.body):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.column.addWidget(widget)
        # one above the other: each keeps the card's width for its words at every text size
        self.no_button = WrapButton("", "secondary", self.card, centred=True)
        self.yes_button = WrapButton("", "danger", self.card, centred=True)
        self.no_button.setProperty(GOES_BACK, True)
        self.column.addWidget(self.no_button)
        self.column.addWidget(self.yes_button)
        self.no_button.clicked.connect(self.rejected)
        self.yes_button.clicked.connect(self.accepted)

    def ask(self, language: str) -> None:
        self.title.setText(tr("start_over_title", language))
        self.body.setText(tr("start_over_body", language))
        self.no_button.set_label_text(tr("start_over_no", language))
        self.yes_button.set_label_text(tr("start_over_yes", language))
        self.open()
