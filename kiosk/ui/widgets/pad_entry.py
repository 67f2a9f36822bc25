"""Digit-pad answers: phone numbers, dates (MM/DD/YYYY), numbers and times of day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.forms.model import Answer, FormDefinition, Item
from kiosk.intake.entry import parse_us_date, reason
from kiosk.ui.strings import tr
from kiosk.ui.widgets.base import QuestionInput, touch_button
from kiosk.ui.widgets.keyboard import BACKSPACE, CLEAR, DigitPad, typed_key
from kiosk.ui.widgets.text_entry import entry_label


PAD_WIDTH = 420


class PadInput(QuestionInput):
    """Digits typed on a pad beside a large display; subclasses format and read them."""

    max_digits = 10
    hint_key: str | None = None
    extra_key: str | None = None

    def __init__(self, form: FormDefinition, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, item, language, parent)
        self.digits = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(32)
        self.left = QVBoxLayout()
        self.left.setSpacing(12)
        self.display = entry_label(self)
        self.left.addWidget(self.display)
        if self.hint_key:
            hint = QLabel(tr(self.hint_key, language), self)
            hint.setProperty("role", "hint")
            self.left.addWidget(hint)
        self.add_extras()
        self.left.addStretch(1)
        row.addLayout(self.left, 1)
        self.pad = DigitPad(language, self.extra_key, self)
        self.pad.setFixedWidth(PAD_WIDTH)
        row.addWidget(self.pad)
        self.pad.key_pressed.connect(self.press)
        if self.extra_key:  # the pad's Clear key gave way to the extra key: Clear goes left
            clear = touch_button(tr("clear", language), "secondary", self)
            clear.setMaximumWidth(240)
            line = QHBoxLayout()  # a narrow button in its own row keeps the column wide
            line.addWidget(clear)
            line.addStretch(1)
            self.left.insertLayout(self.left.count() - 1, line)
            self.pad.keys[CLEAR] = clear
            clear.clicked.connect(lambda _c=False: self.press(CLEAR))
        self._refresh()

    def takes(self, item: Item, language: str) -> bool:
        """The next item of the same kind in the same language (a number after a number, a
        phone after a date has gone by): the pad is kept, the display starts empty."""
        return item.type is self.item.type and language == self.language

    def add_extras(self) -> None:
        """Room for more controls under the display (AM/PM)."""

    def press(self, key: str) -> None:
        """Apply one key as a finger would."""
        if key == BACKSPACE:
            self.digits = self.digits[:-1]
        elif key == CLEAR:
            self.digits = ""
        elif len(self.digits) < self.max_digits:
            self.digits += key
        self._refresh()
        self.changed.emit()

    def take_key(self, event: QKeyEvent) -> bool:
        """Digits and Backspace (and the pad's extra key) from a physical keyboard."""
        key = typed_key(event)
        if key is None or not (key in "0123456789" or key in (BACKSPACE, self.extra_key)):
            return False
        self.press(key)
        return True

    def _refresh(self) -> None:
        self.display.setText(self.shown())

    def shown(self) -> str:
        return self.digits

    def set_value(self, value: Answer) -> None:
        self.digits = self.digits_of(value) if value not in (None, "") else ""
        self._refresh()

    def digits_of(self, value: Answer) -> str:
        return "".join(ch for ch in str(value) if ch.isdigit() or ch == ".")


def _mask(digits: str, pattern: str) -> str:
    """Fill ``pattern``'s letters with digits in order; unfilled places show as ``_``."""
    out, used = [], 0
    for ch in pattern:
        if ch.isalpha():
            out.append(digits[used] if used < len(digits) else "_")
            used += 1
        else:
            out.append(ch)
    return "".join(out)


class PhoneInput(PadInput):
    """A US phone number: ten digits shown as (555) 123-4567."""

    hint_key = "phone_hint"

    def shown(self) -> str:
        return _mask(self.digits, "(ddd) ddd-dddd")

    def commit(self) -> tuple[Answer, str | None]:
        if not self.digits:
            return None, None
        if len(self.digits) != 10:
            return None, reason("bad_phone", self.language)
        return self.shown(), None


class DateInput(PadInput):
    """A date typed as MM/DD/YYYY; impossible dates are refused with the reason."""

    max_digits = 8
    hint_key = "date_hint"

    def shown(self) -> str:
        return _mask(self.digits, "mm/dd/yyyy")

    def digits_of(self, value: Answer) -> str:
        try:
            return dt.date.fromisoformat(str(value)).strftime("%m%d%Y")
        except ValueError:
            return ""

    def commit(self) -> tuple[Answer, str | None]:
        if not self.digits:
            return None, None
        # future and too-old dates are the session's to judge, with its clock
        return parse_us_date(self.shown(), self.language, dt.date.max, birth=False)


class NumberInput(PadInput):
    """A whole or decimal number."""

    max_digits = 6
    extra_key = "."

    def press(self, key: str) -> None:
        if key == "." and ("." in self.digits or not self.digits):
            return
        super().press(key)

    def commit(self) -> tuple[Answer, str | None]:
        if not self.digits:
            return None, None
        number = float(self.digits.rstrip("."))
        return (int(number) if number.is_integer() and "." not in self.digits.rstrip(".") else number), None


class TimeInput(PadInput):
    """A time of day as hours and minutes with AM/PM, stored as 24-hour HH:MM."""

    max_digits = 4
    hint_key = "time_hint"

    def add_extras(self) -> None:
        row = QHBoxLayout()
        self.ampm = QButtonGroup(self)
        self.am = touch_button("AM", "choice", self, checkable=True)
        self.pm = touch_button("PM", "choice", self, checkable=True)
        for button in (self.am, self.pm):
            self.ampm.addButton(button)
            row.addWidget(button)
            button.clicked.connect(lambda _c=False: self.changed.emit())
        self.left.addLayout(row)

    def shown(self) -> str:
        return _mask(self.digits, "hh:mm")

    def take_key(self, event: QKeyEvent) -> bool:
        """As the pad, and A or P for AM or PM."""
        half = {"a": self.am, "p": self.pm}.get((typed_key(event) or "").lower())
        if half is None:
            return super().take_key(event)
        half.setChecked(True)
        self.changed.emit()
        return True

    def set_value(self, value: Answer) -> None:
        self.ampm.setExclusive(False)
        self.am.setChecked(False)
        self.pm.setChecked(False)
        self.ampm.setExclusive(True)
        if isinstance(value, str) and len(value) == 5:
            hour, minute = int(value[:2]), value[3:]
            (self.pm if hour >= 12 else self.am).setChecked(True)
            self.digits = f"{(hour % 12) or 12:02d}{minute}"
        else:
            self.digits = ""
        self._refresh()

    def commit(self) -> tuple[Answer, str | None]:
        if not self.digits:
            return None, None
        if len(self.digits) != 4:
            return None, reason("bad_time", self.language)
        hour, minute = int(self.digits[:2]), int(self.digits[2:])
        if not (1 <= hour <= 12 and minute < 60):
            return None, reason("bad_time", self.language)
        if not (self.am.isChecked() or self.pm.isChecked()):
            return None, reason("pick_ampm", self.language)
        hour = hour % 12 + (12 if self.pm.isChecked() else 0)
        return f"{hour:02d}:{minute:02d}", None
