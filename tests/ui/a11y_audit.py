"""What a screen reader, a contrast checker and a ruler find on the kiosk's screens.

Everything is read from the live widgets: the names Qt's accessibility layer reports, the
colours the window really painted (a grab of it), the sizes the layouts really gave.
"""

from __future__ import annotations

import struct
from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from kiosk.ui.key_access import SCAN_TARGET
from kiosk.ui.strings import STRINGS
from kiosk.ui.accessibility import spoken

BUTTON_ROLES = {QAccessible.Role.Button, QAccessible.Role.CheckBox, QAccessible.Role.RadioButton}


def describe(widget: QWidget) -> str:
    """Which widget, for a failure message (its class, object name or QSS role, and its words)."""
    kind = type(widget).__name__
    tag = widget.objectName() or str(widget.property("role") or "")
    words = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{kind}{'#' + tag if tag else ''} {words[:40]!r}"


def reachable(roots: Iterable[QWidget]) -> list[QWidget]:
    """Every shown widget a finger taps, Tab reaches or the switch's scan stops at."""
    found: list[QWidget] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QAbstractButton) or widget.property(SCAN_TARGET) or \
                    widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                found.append(widget)
    return found


def name_problems(screen: str, roots: Iterable[QWidget], language: str) -> list[str]:
    """Widgets a screen reader could not name (or names only in the other language), or buttons with a wrong role."""
    english = {spoken(texts["en"]) for texts in STRINGS.values() if texts["en"] != texts.get("es", texts["en"])}
    problems = []
    for widget in reachable(roots):
        face = QAccessible.queryAccessibleInterface(widget)
        said = face.text(QAccessible.Text.Name) if face is not None else ""
        where = f"{screen}: {describe(widget)}"
        if not any(ch.isalnum() for ch in said):
            problems.append(f"{where} has no accessible name (a screen reader says {said!r})")
        elif language != "en" and said in english:
            problems.append(f"{where} is named in English ({said!r}) on a {language} visit")
        if isinstance(widget, QAbstractButton) and (face is None or face.role() not in BUTTON_ROLES):
            problems.append(f"{where} is a button a screen reader does not call one ({face.role() if face else None})")
    return problems


# --- contrast ----------------------------------------------------------------------------
def luminance(rgb: int) -> float:
    """WCAG 2.x relative luminance of a 0xRRGGBB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb >> 16 & 255) + 0.7152 * channel(rgb >> 8 & 255) + 0.0722 * channel(rgb & 255)


def contrast(a: int, b: int) -> float:
    """WCAG 2.x contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(image: QImage, rect: QRect) -> Counter[int]:
    """How many pixels of each colour (0xRRGGBB) ``rect`` of ``image`` holds."""
    rect = rect.intersected(image.rect())
    data = bytes(image.constBits())  # type: ignore[arg-type]
    line = image.bytesPerLine()
    counts: Counter[int] = Counter()
    for y in range(rect.top(), rect.bottom() + 1):
        start = y * line + rect.left() * 4
        row = data[start: start + rect.width() * 4]
        counts.update(value & 0xFFFFFF for (value,) in struct.iter_unpack("<I", row))
    return counts


def text_and_ground(image: QImage, rect: QRect) -> tuple[int, int] | None:
    """The text colour and the background colour painted in ``rect`` (None: no text there).

    The background is the commonest colour; the text is the colour (seen at least 3 times)
    that stands out most from it: glyph edges blend the two, their cores are the text colour.
    """
    counts = colours(image, rect)
    if not counts:
        return None
    ground = counts.most_common(1)[0][0]
    inks = [c for c, n in counts.items() if n >= 3 and c != ground]
    if not inks:
        return None
    return max(inks, key=lambda c: contrast(c, ground)), ground


def is_large(widget: QWidget) -> bool:
    """WCAG large text: at least 18 pt, or 14 pt bold."""
    font = widget.font()
    points = font.pointSizeF()
    return points >= 18 or (points >= 14 and font.weight() >= 600)


def text_rect(widget: QWidget, window: QWidget) -> QRect:
    """Where ``widget`` paints its words, in window coordinates (inside its border and rounded corners)."""
    rect = widget.contentsRect() if isinstance(widget, QLabel) else widget.rect().adjusted(16, 8, -16, -8)
    if isinstance(widget, QLineEdit):
        rect = widget.rect().adjusted(8, 6, -8, -6)
    top_left = widget.mapTo(window, rect.topLeft())
    return QRect(top_left, rect.size())


def wholly_shown(widget: QWidget) -> bool:
    """Whether all of ``widget`` is in sight (not partly scrolled away or covered)."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def texts(roots: Iterable[QWidget]) -> list[QWidget]:
    """Every label, push button or field with words of its own (a field's placeholder too), wholly in sight."""
    found: list[QWidget] = []
    for root in roots:
        for widget in root.findChildren(QWidget):
            if isinstance(widget, QLineEdit) and wholly_shown(widget) and (widget.text() or widget.placeholderText()):
                found.append(widget)
            elif wholly_shown(widget) and isinstance(widget, (QLabel, QAbstractButton)) and widget.text().strip():
                if isinstance(widget, QLabel) and widget.pixmap() is not None and not widget.pixmap().isNull():
                    continue
                found.append(widget)
    return found


# --- targets -----------------------------------------------------------------------------
def targets(roots: Iterable[QWidget]) -> list[QWidget]:
    """Every shown, enabled thing a finger taps."""
    return [w for w in reachable(roots) if w.isEnabled() and (isinstance(w, QAbstractButton) or w.property(SCAN_TARGET))]


def gap(a: QRect, b: QRect) -> int:
    """Room in px between two rectangles (0 when they touch or overlap)."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return max(dx, dy)
