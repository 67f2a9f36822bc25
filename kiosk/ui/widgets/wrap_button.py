"""A checkable choice button whose label wraps onto more lines instead of widening the screen.

QPushButton draws its text on one line and asks for that width: one long option ("An
MAOI antidepressant (for example ...)") at the largest text size pushed the whole question
screen wider than the tablet. Here a word-wrapped QLabel draws the text, and the button
asks for height (height-for-width), never for width.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui.sizes import TOUCH_MIN


class WrapButton(QPushButton):
    """A finger-high checkable button showing ``text`` word-wrapped (QSS role ``choice``)."""

    def __init__(self, text: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setCheckable(True)
        self.label = QLabel(text, self)
        self.label.setProperty("role", f"{role}-text")
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(28, 8, 20, 8)
        self._row.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumHeight(TOUCH_MIN)
        self.toggled.connect(self._restyle)

    def text(self) -> str:  # the shown words, as QPushButton.text() would give them
        return self.label.text()

    def _restyle(self, checked: bool) -> None:
        """Bold when chosen: QSS cannot style a child by its parent's :checked state."""
        self.label.setProperty("checked", checked)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)

    def _margins(self) -> tuple[int, int]:
        margins = self._row.contentsMargins()
        return margins.left() + margins.right(), margins.top() + margins.bottom()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        across, down = self._margins()
        return max(TOUCH_MIN, self.label.heightForWidth(max(1, width - across)) + down)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        across, _ = self._margins()
        width = min(self.label.sizeHint().width() + across, 600)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(120, TOUCH_MIN)
