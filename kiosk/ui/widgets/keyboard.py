"""An in-app on-screen keyboard (letters with Spanish accents, digits) and a digit pad.

The OS keyboard is never needed: keys are plain buttons that emit what they type. Next
to the letters sit the marks names and short answers need: the comma of "Ana Ruiz,
sister", the apostrophe and hyphen of O'Brien and Smith-Jones, and the period.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.accessibility import name, show_text
from kiosk.ui.sizes import KEY_GAP, KEY_MAX_HEIGHT, KEY_SIZE
from kiosk.ui.strings import tr

BACKSPACE = "⌫"
SHIFT = "⇧"
CLEAR = "clear"
SPACE = " "

LETTER_ROWS: tuple[tuple[str, ...], ...] = (
    ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"),
    ("q", "w", "e", "r", "t", "y", "u", "i", "o", "p"),
    ("a", "s", "d", "f", "g", "h", "j", "k", "l", "ñ"),
    (SHIFT, "z", "x", "c", "v", "b", "n", "m", "-", "'", BACKSPACE),
    ("á", "é", "í", "ó", "ú", "ü", ",", SPACE, ".", CLEAR),
)


SPOKEN_KEYS: dict[str, str] = {
    BACKSPACE: "key_backspace", SHIFT: "key_shift", "-": "key_hyphen", "'": "key_apostrophe",
    ",": "key_comma", ".": "key_period", SPACE: "space", CLEAR: "clear",
}
"""Keys whose mark a screen reader cannot say (the strings' keys of their names)."""


def key_name(key: str, language: str) -> str:
    """What a screen reader says for ``key``: its name for a mark, else the letter or digit itself."""
    return tr(SPOKEN_KEYS[key], language) if key in SPOKEN_KEYS else key


def typed_key(event: QKeyEvent) -> str | None:
    """What a physical key press types, in the on-screen keys' terms (None: nothing typed).

    Backspace is BACKSPACE; a printable character is itself (the space bar is SPACE, a
    shifted letter its capital); Enter, Tab, Escape and shortcuts type nothing.
    """
    if event.key() == Qt.Key.Key_Backspace:
        return BACKSPACE
    text = event.text()
    if len(text) == 1 and text.isprintable():
        return text
    return None


def _key(text: str, parent: QWidget, role: str = "key") -> QPushButton:
    button = QPushButton(text, parent)
    button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the entry keeps its caret
    button.setMinimumSize(KEY_SIZE, KEY_SIZE)
    button.setMaximumHeight(KEY_MAX_HEIGHT)
    # grows into spare room at small text sizes; shrinks to KEY_SIZE (still a finger wide) at A++
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return button


class OnScreenKeyboard(QWidget):
    """Letters, accents, digits, space, backspace and clear; Shift makes one capital."""

    key_pressed = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Keyboard")
        self.shift = False
        self.keys: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(KEY_GAP)
        for row in LETTER_ROWS:
            line = QHBoxLayout()
            line.setSpacing(KEY_GAP)
            for key in row:
                label = {SPACE: tr("space", language), CLEAR: tr("clear", language)}.get(key, key)
                role = "key-wide" if key in (SPACE, CLEAR, BACKSPACE, SHIFT) else "key"
                button = _key(label, self, role)
                if key == SHIFT:
                    button.setCheckable(True)
                name(button, key_name(key, language))
                line.addWidget(button, 4 if key == SPACE else 1)
                self.keys[key] = button
                button.clicked.connect(lambda _c=False, k=key: self.key_pressed.emit(k))
            layout.addLayout(line)

    def set_shift(self, on: bool) -> None:
        """Show capitals on the keys while Shift (or auto-capital) is on."""
        self.shift = on
        self.keys[SHIFT].setChecked(on)
        for key, button in self.keys.items():
            if len(key) == 1 and key.isalpha():
                show_text(button, key.upper() if on else key)


class DigitPad(QWidget):
    """0-9 and backspace, with Clear (or an extra key such as ".") at the bottom left."""

    key_pressed = Signal(str)

    def __init__(self, language: str, extra: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DigitPad")
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(KEY_GAP)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", extra or CLEAR, "0", BACKSPACE]
        for index, key in enumerate(keys):
            label = tr("clear", language) if key == CLEAR else key
            button = _key(label, self, "key-wide" if key in (CLEAR, BACKSPACE) else "key")
            name(button, tr("key_point", language) if key == "." else key_name(key, language))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
            button.clicked.connect(lambda _c=False, k=key: self.key_pressed.emit(k))
