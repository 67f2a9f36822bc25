"""Inputs built ahead of the questions that need them, while the patient reads.

The first question of each kind in a visit (the name's keyboard, the birth date's pad, the
first choice list, the signature pad) was built and polished on the tap that reached it:
30-90 ms, the slowest taps of a visit. The visit's kinds are known once its language is
chosen, and the patient then reads the check-in's introduction: each input is built in one
zero-timer step and polished in the next, so no step holds a tap up by more than one of them
(the keyboard's, about 25 and 15 ms, are the largest). Built inputs are emptied, hidden and
handed to the screen's kept inputs, which the wipe destroys with the rest.

Not done: a first show still sizes and places every key (a keyboard's first show costs about
three times a later one). Showing a built input once in its place, unpainted, removed that, but
adding it to the screen's layout beside the input on screen left that input squeezed below
its buttons' height (tests/ui/test_contrast.py caught it); shown outside the layout, at about
its size, it measured no gain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer

from kiosk.forms.model import FormDefinition, Item
from kiosk.ui.widgets.base import QuestionInput
from kiosk.ui.widgets.registry import INPUTS

Build = Callable[[FormDefinition, Item, str], QuestionInput]
"""Makes a new input for an item in a language (hidden, not in any layout)."""


def one_of_each_kind(items: Iterable[tuple[FormDefinition, Item]]) -> list[tuple[FormDefinition, Item]]:
    """The visit's items that need an input of a kind not yet listed, in the visit's order;
    of the choice items, the one with the most options (its buttons serve every smaller list)."""
    chosen: dict[type[QuestionInput], tuple[FormDefinition, Item]] = {}
    for form, item in items:
        kind = INPUTS.get(item.type)
        if kind is None:
            continue
        held = chosen.get(kind)
        if held is None or len(form.options_of(item)) > len(held[0].options_of(held[1])):
            chosen[kind] = (form, item)
    return list(chosen.values())


class InputsAhead(QObject):
    """Builds one input per event-loop turn for the items ``plan`` lists; ``stop`` forgets them."""

    def __init__(self, build: Build, held: Callable[[], list[QuestionInput]], keep: Callable[[QuestionInput], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._build, self._held, self._keep = build, held, keep
        self._queue: list[tuple[FormDefinition, Item]] = []
        self._language = "en"
        self._unpolished: QuestionInput | None = None
        """The input built last, polished in the next step (if the screen still holds it)."""
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._step)

    def plan(self, items: Iterable[tuple[FormDefinition, Item]], language: str) -> None:
        """Build an input of each kind ``items`` need (one per kind), from the next turn on."""
        self._queue = one_of_each_kind(items)
        self._language = language
        self._timer.start()

    def stop(self) -> None:
        """Build nothing more (the visit ended: the wipe drops what was built)."""
        self._timer.stop()
        self._queue = []
        self._unpolished = None

    def pending(self) -> bool:
        return bool(self._queue) or self._unpolished is not None

    def _step(self) -> None:
        widget, self._unpolished = self._unpolished, None
        if widget is None:
            self._build_next()
        elif any(widget is held for held in self._held()):  # not dropped since (it would be deleted)
            widget.ensurePolished()  # its first show would polish every key: now, not on a tap
        if self.pending():
            self._timer.start()

    def _build_next(self) -> None:
        while self._queue:
            form, item = self._queue.pop(0)
            kind = INPUTS[item.type]
            if any(type(w) is kind and w.takes(item, self._language) for w in self._held()):
                continue  # the screen already holds one that takes this item on
            widget = self._build(form, item, self._language)
            widget.clear()  # a kept input shows no answer, even before its first question
            widget.hide()
            self._keep(widget)
            self._unpolished = widget
            return
