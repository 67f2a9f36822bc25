"""The day report's codes in words: screens and appointment types as staff read them (no Qt).

The trail stores screen ids (``phq9/q3``, ``checkin/intro``, ``review``) and visits store the
check-in's appointment type code (``follow_up``): stable keys for counting, but not what a
front desk should have to decode. Words come from the form and protocol definitions
themselves (a form's short title, the check-in's option labels, a protocol's title), so a
clinic that renames a form or adds a type sees its own words; only the kiosk's few fixed
steps (language, review, submit, the slides) have words of their own here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.forms.loader import FormLibrary
from kiosk.forms.model import ItemType

Language = Literal["en", "es"]
APPOINTMENT_FORM, APPOINTMENT_ITEM = "checkin", "appointment_type"
"""Where a visit says what kind of appointment it is (form id, item id)."""
STEP_WORDS: dict[str, dict[str, str]] = {
    "slides": {"en": "Welcome slides", "es": "Diapositivas de bienvenida"},
    "language": {"en": "Choosing a language", "es": "Elección del idioma"},
    "review": {"en": "Review of the answers", "es": "Revisión de las respuestas"},
    "submit": {"en": "Sending the answers", "es": "Envío de las respuestas"},
    "not given": {"en": "Not given", "es": "No indicado"},
    "unreadable": {"en": "Unreadable visit", "es": "Visita ilegible"},
}
PART_WORDS: dict[str, dict[str, str]] = {
    "intro": {"en": "{form} · introduction", "es": "{form} · introducción"},
    "question": {"en": "{form} · question {n}", "es": "{form} · pregunta {n}"},
}


@dataclass(frozen=True)
class DayLabels:
    """Looks up words for codes in one language; an unknown code is shown as it is."""

    library: FormLibrary
    language: Language = "en"

    def screen(self, screen_id: str) -> str:
        """``phq9/q3`` → "PHQ-9 · question 3" (its place among the form's questions, as on paper)."""
        form_id, _, part = screen_id.partition("/")
        form = self.library.forms.get(form_id)
        if not part or form is None:
            return self._step(screen_id)
        title = (form.short_title or form.title).get(self.language)
        if part == "intro":
            return PART_WORDS["intro"][self.language].format(form=title)
        questions = [i.id for i in form.items if i.type is not ItemType.info]
        if part not in questions:
            return f"{title} · {part}"
        return PART_WORDS["question"][self.language].format(form=title, n=questions.index(part) + 1)

    def appointment(self, code: str) -> str:
        """The check-in's own label for the type; else the title of the protocol serving it."""
        form = self.library.forms.get(APPOINTMENT_FORM)
        if form is not None:
            try:
                options = form.options_of(form.item(APPOINTMENT_ITEM))
            except KeyError:
                options = ()
            for option in options:
                if str(option.code) == code:
                    return option.label.get(self.language)
        for protocol in self.library.protocols.values():
            if code in protocol.appointment_types:
                return protocol.title.get(self.language)
        return self._step(code)

    def _step(self, code: str) -> str:
        words = STEP_WORDS.get(code)
        return words[self.language] if words else code
