"""A scroll area a finger drags (kinetic, like a phone), for every screen that may not fit.

The scroller listens to the left mouse button: a touch screen's finger reaches it as the
mouse events Qt makes from touches no widget took, and tablets that only send mouse events
(and qtbot's mouse) scroll the same way. A tap without a drag still reaches the button under
it. Widgets that draw with the finger (the signature pad) set the ``draws`` property and
keep their strokes: a drag that starts on them never scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHideEvent, QScrollPrepareEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QScrollerProperties, QVBoxLayout, QWidget

DRAWS = "draws"
"""Property of a widget a finger draws on: drags there are its own, never a scroll."""


class KineticScrollArea(QScrollArea):
    """Vertical-only scrolling by finger or mouse drag; nothing happens when all of it fits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # not a Tab stop of its own: Tab goes to the buttons in it, and it scrolls to show them
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        viewport = self.viewport()
        viewport.setAutoFillBackground(False)
        QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        scroller = QScroller.scroller(viewport)
        properties = scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
        scroller.setScrollerProperties(properties)

    def setWidget(self, widget: QWidget) -> None:
        """Show ``widget`` on the screen's own background (QScrollArea would paint its own)."""
        super().setWidget(widget)
        widget.setAutoFillBackground(False)

    def hideEvent(self, event: QHideEvent) -> None:
        # a fling still running on a screen that left would keep the finger's next drag
        # elsewhere from starting: the scroller stops with its screen
        QScroller.scroller(self.viewport()).stop()
        super().hideEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ScrollPrepare and isinstance(event, QScrollPrepareEvent):
            if not self.can_scroll() or self._draws_at(event):
                event.ignore()  # the press goes to the widget under the finger at once
                return True
        return super().viewportEvent(event)

    def can_scroll(self) -> bool:
        """Whether some content is out of sight (otherwise a drag is not a scroll)."""
        bar = self.verticalScrollBar()
        return bar.maximum() > bar.minimum()

    def _draws_at(self, event: QScrollPrepareEvent) -> bool:
        child: QObject | None = self.viewport().childAt(event.startPos().toPoint())
        while isinstance(child, QWidget) and child is not self.viewport():
            if child.property(DRAWS):
                return True
            child = child.parentWidget()
        return False

    def new_column(self, name: str, margins: tuple[int, int, int, int], spacing: int) -> tuple[QWidget, QVBoxLayout]:
        """Scroll a fresh, empty column (a widget named ``name`` and its layout), dropping the old one."""
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        content = QWidget()
        content.setObjectName(name)
        column = QVBoxLayout(content)
        column.setContentsMargins(*margins)
        column.setSpacing(spacing)
        self.setWidget(content)
        return content, column

    def scroll_to_top(self) -> None:
        """Stop any fling and show the top (a new question starts at its beginning)."""
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)


def scroll_into_view(widget: QWidget, margin: int = 0) -> None:
    """Scroll the scroll area ``widget`` sits in (if any) until it shows, ``margin`` px around it."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, margin)
