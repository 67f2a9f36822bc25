"""What a person would call a broken screen, found by geometry: overlap, clipping, cut text.

``fit_problems(window)`` walks every visible widget of a shown window and returns one line
per problem (empty when the screen is fine):

- two visible sibling widgets whose geometries intersect (one hides part of the other);
- a widget sticking out of its parent (cut off) — except content inside a scroll area's
  viewport, which may run past the bottom only if the area can really be scrolled there
  (a vertical scroll bar with that range and a kinetic scroller a finger can drag);
- a label whose text needs more room than it has (height for its width when it wraps, its
  width otherwise), or a word wider than the label (Qt would break it mid-word);
- a button whose text needs more room than the button has (cut or elided).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractScrollArea, QLabel, QScrollArea, QScrollBar, QScroller, QWidget,
)

_WORD = re.compile(r"\S+")
_SKIPPED_NAMES = frozenset({"StaffNotice"})
"""Drawn over the screen on purpose: a small line staff look for, only after a store failure."""
_LAYERS = frozenset({"Overlay"})
"""Cover the whole window on purpose (a dimmed card over the screen): no overlap with what they cover."""


def _name(widget: QWidget) -> str:
    role = widget.property("role")
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
        text = " " + repr(widget.text()[:40])
    what = widget.objectName() or (f"role={role}" if role else "")
    return f"{type(widget).__name__}[{what}]{text}"


def _visible_children(widget: QWidget) -> list[QWidget]:
    return [
        child for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child.isVisible() and child.objectName() not in _SKIPPED_NAMES and not child.isWindow()
    ]


def _label_problem(label: QLabel) -> str | None:
    if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height():
            return f"{_name(label)} needs {needed} px of height, has {label.height()}"
        if label.textFormat() != Qt.TextFormat.RichText:
            room = label.contentsRect().width() - 2 * label.margin()
            metrics = label.fontMetrics()
            for word in _WORD.findall(label.text()):
                if metrics.horizontalAdvance(word) > room:
                    return f"{_name(label)}: the word {word!r} is wider than the label ({room} px)"
        return None
    hint = label.sizeHint()
    if hint.width() > label.width() or hint.height() > label.height():
        return f"{_name(label)} needs {hint.width()}x{hint.height()} px, has {label.width()}x{label.height()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    hint = button.sizeHint()
    if hint.width() > button.width() or hint.height() > button.height():
        return f"{_name(button)} needs {hint.width()}x{hint.height()} px, has {button.width()}x{button.height()}"
    return None


def _scroll_problem(area: QAbstractScrollArea, content: QWidget) -> str | None:
    """Content past the viewport's bottom must be reachable by a finger."""
    viewport = area.viewport()
    hidden = content.geometry().bottom() - viewport.rect().bottom()
    bar: QScrollBar = area.verticalScrollBar()
    if content.width() > viewport.width():
        return f"{_name(area)}: content {content.width()} px wide in a {viewport.width()} px viewport"
    if hidden <= 0 and content.y() >= 0:
        return None
    if bar.maximum() - bar.minimum() < content.height() - viewport.height():
        return f"{_name(area)}: {content.height() - viewport.height()} px of content below the fold cannot be scrolled to"
    if not QScroller.hasScroller(viewport):
        return f"{_name(area)}: scrolls only by its scroll bar, not by a finger drag"
    return None


def fit_problems(root: QWidget) -> list[str]:
    """Every overlap, cut-off widget and clipped text under ``root`` (which must be shown)."""
    problems: list[str] = []
    _walk(root, problems)
    return problems


def _walk(widget: QWidget, problems: list[str]) -> None:
    if isinstance(widget, QLabel):
        problem = _label_problem(widget)
        if problem:
            problems.append(problem)
    elif isinstance(widget, QAbstractButton):
        problem = _button_problem(widget)
        if problem:
            problems.append(problem)
    children = _visible_children(widget)
    scrolled = widget.parentWidget() if isinstance(widget.parentWidget(), QScrollArea) else None
    for index, child in enumerate(children):
        geometry: QRect = child.geometry()
        if scrolled is not None and isinstance(scrolled, QScrollArea) and child is scrolled.widget():
            problem = _scroll_problem(scrolled, child)
            if problem:
                problems.append(problem)
        elif not widget.rect().contains(geometry):
            problems.append(f"{_name(child)} at {_rect(geometry)} sticks out of {_name(widget)} ({_rect(widget.rect())})")
        for other in children[index + 1:]:
            if child.objectName() in _LAYERS or other.objectName() in _LAYERS:
                continue
            if geometry.intersects(other.geometry()):
                problems.append(f"{_name(child)} at {_rect(geometry)} overlaps {_name(other)} at {_rect(other.geometry())}")
        _walk(child, problems)


def _rect(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}x{rect.height()}"
