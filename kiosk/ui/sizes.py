"""Touch sizes and timings in one place, so every screen meets the same finger targets."""

from __future__ import annotations

TOUCH_MIN = 64
"""Smallest height (px) of anything a finger taps; the issue asks for at least 60."""

BUTTON_TEXT_MARGINS = (28, 8, 24, 8)
"""Room (px: left, top, right, bottom) around the words of an answer button, inside its border."""

NAV_BACK_MIN_WIDTH = 180
NAV_FORWARD_MIN_WIDTH = 240
"""Least widths (px) of Back and Next: they grow with their words, never cut them."""

KEY_SIZE = 56
"""Smallest outer width and height (px) of an on-screen keyboard key: five rows of keys,
the entry box and Back/Next must fit the 800 px tablet even at A++."""

BASE_FONT_PT = 20
"""Body text size at "A"; A+, A++ and A+++ scale it."""

TARGET_MIN = 48
"""Smallest width and height (px) of any tappable target (WCAG 2.5.5 asks 44; we ask 48)."""

TARGET_GAP = 8
"""Least room (px) between two tappable targets, so a finger (or a tremor) hits the one it means."""

KEY_GAP = TARGET_GAP
"""Room between on-screen keys: the same 8 px as between any two targets."""

KEY_MAX_HEIGHT = 76
"""Keys grow into spare room up to this height (bigger targets when the text is small)."""

PIN_KEY_SIZE = 80
"""Height of a staff PIN pad key (and smallest width): quick, sure taps while standing."""

LIST_ROW = 72
"""Height of a row a finger picks from a list (staff names)."""

DESK_ROW = TARGET_MIN
"""Row and button height on the front-desk PC: mostly a mouse, but a desk may be a touch
screen, and a tremor or low vision needs the same 48 px there as on the kiosk (issue 12)."""

TEXT_SCALES: dict[str, float] = {"A": 1.0, "A+": 1.25, "A++": 1.5, "A+++": 2.0}
"""The patient's text sizes; A+++ (twice A) is for low vision: screens scroll rather than cut."""

NAV_SCALE_LIMIT = 1.5
"""Back and Next follow the text size up to A++; larger, "My answers are correct" and Back
would no longer fit one row of the 1280 px tablet in Spanish."""

TABLET_SIZE = (1280, 800)
"""The lobby tablet's screen; screenshots and windowed mode use it."""

AUTO_ADVANCE_MS = 250
"""Pause after a single-choice tap so the patient sees the choice selected."""

THANK_YOU_SECONDS = 12
"""The thank-you screen returns to the slides by itself after this long."""
