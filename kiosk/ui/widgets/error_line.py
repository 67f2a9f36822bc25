"""The calm line under a question saying why an answer was not taken.

Its room is kept while it is hidden, as tall as the longest reason it could show: when a
reason appears nothing above it moves, so a quick second tap on a number pad still lands
on the key it aimed at.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk.ui.widgets.wrap_button import wrapped_height


class ErrorLine(QLabel):
    """A word-wrapped warning label that reserves the height of its longest possible text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.possible: list[str] = []
        self._room: dict[tuple[int, str], int] = {}  # layouts ask often: measure once per width and font
        self.hide()

    def reserve_for(self, texts: list[str]) -> None:
        """Keep room for the longest of ``texts`` (the reasons this screen may show); none: no room."""
        self.possible = list(texts)
        self._room.clear()
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(bool(texts))
        self.setSizePolicy(policy)
        self.updateGeometry()

    def heightForWidth(self, width: int) -> int:
        shown = super().heightForWidth(width) if self.text() else 0
        key = (width, self.font().key())
        if key not in self._room:
            self._room[key] = max([0] + [wrapped_height(self, text, width, self.font()) for text in self.possible])
        return max(shown, self._room[key])
