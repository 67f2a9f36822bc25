"""The period a form asks about: the past N days, or the days since the patient's last visit.

The ketamine-for-AUD trials counted drinking days since the previous visit (timeline
follow-back). A patient seen 12 days ago is asked about those 12 days; one seen longer ago
than the form allows (or never, or earlier the same day) about the form's default window.
The wording, the largest number of days a patient may give and the percent-days score all
read the window from here, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from kiosk.forms.context import VisitContext
from kiosk.forms.model import Answer, FormDefinition, Item, LocalizedText


@dataclass(frozen=True)
class Window:
    """How many days a form asks about, and whether they run from the last visit."""

    days: int
    since_last_visit: bool


def recall_window(form: FormDefinition, context: VisitContext) -> Window | None:
    """The form's window for this visit (None when the form has no ``recall``)."""
    recall = form.recall
    if recall is None:
        return None
    today = local_day(context.at) if context.at is not None else context.today
    if context.last_visit is not None and today is not None and recall.since_last_visit_up_to:
        gap = (today - context.last_visit).days
        if 1 <= gap <= recall.since_last_visit_up_to:
            return Window(gap, True)
        if gap > recall.since_last_visit_up_to:
            return Window(recall.since_last_visit_up_to, False)
    return Window(recall.days, False)


def fill_days(text: LocalizedText, window: Window | None) -> LocalizedText:
    """``text`` with ``{days}`` replaced by the window's length (unchanged without a window)."""
    if window is None or not any("{days}" in t for t in text.root.values()):
        return text
    return LocalizedText({lang: t.replace("{days}", str(window.days)) for lang, t in text.root.items()})


@dataclass(frozen=True)
class Cap:
    """The largest number an ``at_most`` item takes here, and what sets it: the recall
    window (``recall``) or the answer to an earlier item (``item``)."""

    most: float
    by: Literal["recall", "item"]


def answer_cap(
    form: FormDefinition, item: Item, answers: Mapping[str, Answer], context: VisitContext
) -> Cap | None:
    """The cap on ``item``'s answer given the visit (None: no cap, or its source unanswered)."""
    if item.at_most is None:
        return None
    if item.at_most == "recall_days":
        window = recall_window(form, context)
        return Cap(window.days, "recall") if window is not None else None
    other = answers.get(item.at_most)
    if isinstance(other, (int, float)) and not isinstance(other, bool):
        return Cap(other, "item")
    return None


def local_day(moment: dt.datetime) -> dt.date:
    """The kiosk's local calendar day of ``moment`` (days between visits are counted in it)."""
    return (moment.astimezone() if moment.tzinfo is not None else moment).date()
