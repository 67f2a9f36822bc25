"""A button whose words wrap onto more lines instead of running off its edge.

A QPushButton draws its text on one line and cuts (or elides) what does not fit: a long
answer such as "An opioid pain medicine or treatment (for example oxycodone, morphine,
methadone, buprenorphine)" lost its end at large text sizes. Here a word-wrapping label
inside the button carries the text, and the button grows to its height.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui.sizes import BUTTON_TEXT_MARGINS, TOUCH_MIN


def wrapped_height(label: QLabel, text: str, width: int, font: QFont) -> int:
    """Height ``label`` (its padding and border included) needs to show ``text`` wrapped in ``font``."""
    margins = label.contentsMargins()
    inner = QRect(0, 0, max(1, width - margins.left() - margins.right() - 2 * label.margin()), 1 << 20)
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
    height = QFontMetrics(font).boundingRect(inner, flags, text).height()
    return height + margins.top() + margins.bottom() + 2 * label.margin()


class ButtonText(QLabel):
    """The button's words; as tall as they need to be in bold, so choosing one moves nothing.

    A chosen button's words are drawn in semi-bold by ``paintEvent`` itself: as a QSS rule on
    a ``checked`` property they needed the style's unpolish and polish on every change (about
    1 ms each, twice a tap), and the font change that followed laid out every button of the
    question again (its wrapped heights measured 27 times a tap)."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setProperty("role", "button-text")
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # taps belong to the button
        self.bold = False

    def set_bold(self, bold: bool) -> None:
        if bold != self.bold:
            self.bold = bold
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.bold:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.drawFrame(painter)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        m = self.margin()
        flags = int(self.alignment()) | int(Qt.TextFlag.TextWordWrap)
        self.style().drawItemText(painter, self.contentsRect().adjusted(m, m, -m, -m), flags, self.palette(),
                                  self.isEnabled(), self.text(), self.foregroundRole())

    def heightForWidth(self, width: int) -> int:
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.Bold)
        return max(super().heightForWidth(width), wrapped_height(self, self.text(), width, bold))


class WrapButton(QPushButton):
    """A finger-high button, styled by its QSS ``role``, whose text wraps to fit its width."""

    def __init__(
        self, text: str, role: str, parent: QWidget | None = None, *, checkable: bool = False,
        centred: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setCheckable(checkable)
        self.setMinimumHeight(TOUCH_MIN)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(text)
        self.words = ButtonText(text, self)
        if centred:
            self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*BUTTON_TEXT_MARGINS)
        layout.addWidget(self.words)
        self.toggled.connect(self._show_checked)

    def label_text(self) -> str:
        """The words on the button (``text()`` stays empty: the label draws them)."""
        return self.words.text()

    def set_label_text(self, text: str) -> None:
        self.words.setText(text)
        self.setAccessibleName(text)

    def _show_checked(self, checked: bool) -> None:
        # QSS cannot style a child by its parent's :checked state: the label draws it
        self.words.set_bold(checked)
