"""Stylesheet building: ``resources/styles/NN_*.qss`` joined in order, placeholders filled.

Placeholders look like ``{{ accent }}`` and come from a :class:`Theme` (colours from the
clinic's settings, or the high-contrast palette) and the patient's text size choice.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from kiosk.paths import RESOURCES
from kiosk.ui.sizes import BASE_FONT_PT, KEY_SIZE, LIST_ROW, NAV_SCALE_LIMIT, PIN_KEY_SIZE, TEXT_SCALES, TOUCH_MIN

STYLES_DIR = RESOURCES / "styles"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class Theme(BaseModel):
    """The colours a stylesheet is filled with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    background: str = Field(default="#f5f7f8", description="Window background")
    surface: str = Field(default="#ffffff", description="Cards and buttons")
    text: str = Field(default="#1d2a33", description="Body text")
    muted: str = Field(default="#52626e", description="Hints and secondary text")
    border: str = Field(default="#c9d3da", description="Outlines of buttons and cards")
    accent: str = Field(default="#1f5f8b", description="The clinic's colour: primary buttons, selection")
    accent_text: str = Field(default="#ffffff", description="Text on the accent colour")
    selected: str = Field(default="#e3eef6", description="Background of a chosen option")
    warning: str = Field(default="#8a4b00", description="Calm notices and input problems")
    warning_bg: str = Field(default="#fff4e0", description="Background of notices")
    focus_width: str = Field(default="3px", description="Outline width of the chosen option and the focus ring")
    focus: str = Field(default="#b3006b", description=(
        "The focus ring (keyboard focus, the scan highlight): a hue of its own, unlike the chosen "
        "option's accent and the text, at least 3:1 against the screen"))
    focus_ring_width: str = Field(default="4px", description="Width of the focus ring: wider than the chosen option's outline")
    danger: str = Field(default="#b3261e", description="Staff alert banner (a new critical check-in)")
    danger_text: str = Field(default="#ffffff", description="Text on the alert banner")


def clinic_theme(accent: str) -> Theme:
    """The everyday theme in the clinic's accent colour."""
    return Theme(accent=accent, selected=_tint(accent))


HIGH_CONTRAST = Theme(
    background="#000000", surface="#000000", text="#ffffff", muted="#ffffff",
    border="#ffffff", accent="#ffd400", accent_text="#000000", selected="#333300",
    warning="#ffd400", warning_bg="#000000", focus_width="5px", focus="#00e5ff", focus_ring_width="6px",
)
"""White on black with a yellow accent (WCAG AAA contrast everywhere)."""


def _tint(colour: str, amount: float = 0.86) -> str:
    """A pale version of ``#rrggbb`` for selected backgrounds."""
    match = re.fullmatch(r"#?([0-9a-fA-F]{6})", colour.strip())
    if not match:
        return Theme().selected
    rgb = [int(match.group(1)[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _values(theme: Theme, text_size: str) -> dict[str, str]:
    scale = TEXT_SCALES.get(text_size, 1.0)
    values = {k: str(v) for k, v in theme.model_dump().items()}
    for name, points in (("font_small", 16), ("font_base", BASE_FONT_PT), ("font_large", 26), ("font_title", 34)):
        values[name] = f"{round(points * scale)}pt"
    # Back/Next grow with the text up to A++ only: at A+++ both must still fit one row
    values["font_nav"] = f"{round(BASE_FONT_PT * min(scale, NAV_SCALE_LIMIT))}pt"
    # keys and the top bar keep their size: they must still fit the tablet at A++
    values["font_fixed"] = f"{BASE_FONT_PT - 4}pt"
    values["font_key"] = f"{BASE_FONT_PT + 2}pt"
    values["font_desk"] = "11pt"  # the front-desk PC: a desktop, read from arm's length
    values["font_desk_title"] = "13pt"
    values["font_table"] = f"{BASE_FONT_PT - 6}pt"  # the staff queue: seven columns in 1280 px
    values["touch_min"] = f"{TOUCH_MIN}px"
    # QSS min-height sizes the content box: padding (2 x 6) and border (2 x 2) come on top
    values["button_content"] = f"{TOUCH_MIN - 16}px"
    values["key_size"] = f"{KEY_SIZE - 4}px"  # the 2 px border comes on top
    values["pin_key_size"] = f"{PIN_KEY_SIZE - 4}px"
    values["list_row"] = f"{LIST_ROW}px"
    return values


def build_stylesheet(theme: Theme, text_size: str = "A", styles_dir: Path = STYLES_DIR) -> str:
    """Every ``*.qss`` in ``styles_dir`` in name order, placeholders filled.

    An unknown placeholder is an error: a typo must not silently leave a style unset.
    """
    values = _values(theme, text_size)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"unknown stylesheet placeholder {{{{ {name} }}}}")
        return values[name]

    parts = [_COMMENT.sub("", path.read_text(encoding="utf-8")) for path in sorted(styles_dir.glob("*.qss"))]
    return _PLACEHOLDER.sub(fill, "\n".join(parts))


DESK_STYLES_DIR = STYLES_DIR / "desk"


def desk_stylesheet(theme: Theme) -> str:
    """The front-desk window's stylesheet: the kiosk's colours at desktop sizes (``styles/desk``)."""
    return build_stylesheet(theme, "A", DESK_STYLES_DIR)
