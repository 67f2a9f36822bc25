"""The contract every question input follows, so screens never ask which kind they hold."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.ui.sizes import TOUCH_MIN
from kiosk.ui.widgets.spoken import Said


class QuestionInput(QWidget):
    """An answer input for one item: shows a value, reports changes, commits on Next."""

    changed = Signal()
    """The shown value changed (the screen re-checks whether Next may be tapped)."""
    chosen = Signal(object)
    """A single choice was tapped: the answer, for auto-advance."""

    #: whether the patient answers by tapping one option (auto-advance applies)
    single_tap = False
    #: whether the input needs most of the screen (a full keyboard): the form's
    #: instructions line is then left out so nothing is cut off at large text sizes
    needs_room = False
    #: whether the screen keeps the error line's room while no error shows: keys, pads and
    #: the signature pad fill the screen, and must not move when a reason appears
    error_room = True

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.item = item
        self.language = language
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a physical keyboard types here

    def take_key(self, event: QKeyEvent) -> bool:
        """Apply a physical key press as the on-screen key would; False if it has no use here."""
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.take_key(event):
            event.accept()
        else:
            super().keyPressEvent(event)  # ignored: Enter goes on to the screen (Next)

    def spoken(self) -> list[Said]:
        """What read-aloud says after the question: nothing for an entry (its keys are not read)."""
        return []

    def set_value(self, value: Answer) -> None:
        """Show a kept answer (when the patient comes back to this question)."""
        raise NotImplementedError

    def commit(self) -> tuple[Answer, str | None]:
        """The answer as entered, or a reason (patient's language) it cannot be read."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget whatever was entered (privacy wipe)."""
        self.set_value(None)

    def takes(self, item: Item, language: str) -> bool:
        """Whether this input can show ``item`` in ``language`` once relabelled (``reuse``);
        a kind that cannot is built afresh for each question and never kept."""
        return False

    def reuse(self, form: FormDefinition, item: Item, language: str) -> bool:
        """Take ``item`` on in place (True), or say a new input is needed (False).

        Building and destroying a screenful of widgets on every tap cost most of the time
        from a tap to the next question being drawn; an input that can relabel itself does so.
        The input is emptied first: nothing entered for the last item shows on the next.
        """
        if not self.takes(item, language):
            return False
        self.set_value(None)
        self.form, self.item, self.language = form, item, language
        self.relabel()
        return True

    def relabel(self) -> None:
        """Show ``self.form``, ``self.item`` and ``self.language`` after ``reuse`` took them on."""


def touch_button(text: str, role: str, parent: QWidget | None = None, *, checkable: bool = False) -> QPushButton:
    """A button at least a finger high, styled by its QSS ``role``."""
    button = QPushButton(text, parent)
    button.setProperty("role", role)
    button.setCheckable(checkable)
    button.setMinimumHeight(TOUCH_MIN)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button
