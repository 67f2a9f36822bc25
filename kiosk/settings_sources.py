"""Where settings come from — the environment and ``kiosk.toml`` — read without pydantic.

kiosk.settings builds its model from these. They live apart so that what must happen before
the settings model exists can use them: ``kiosk run`` shows the launch picture from the data
folder before pydantic (about 0.2 s of imports) is loaded (kiosk.ui.launch).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ENV_PREFIX = "KIOSK_"
SETTINGS_FILE_MAX_BYTES = 100_000  # a kiosk.toml is a few hundred bytes


class SettingsError(Exception):
    """A setting could not be read: names the variable or file and the problem."""


def config_file() -> Path:
    return Path(os.environ.get("KIOSK_CONFIG", "kiosk.toml"))


def default_data_dir() -> Path:
    import platformdirs  # only when no data folder is configured

    return Path(platformdirs.user_data_dir("lobby-kiosk", appauthor=False))


def toml_values(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file: most kiosks are configured by environment

    try:
        with path.open("rb") as handle:
            data = handle.read(SETTINGS_FILE_MAX_BYTES + 1)
        if len(data) > SETTINGS_FILE_MAX_BYTES:
            raise SettingsError(f"{path}: larger than {SETTINGS_FILE_MAX_BYTES // 1000} KB; settings are far smaller")
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not valid UTF-8 text (byte {exc.start})") from None
    except RecursionError:
        raise SettingsError(f"{path}: arrays or tables nest too deeply") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from None


def env_values(fields: set[str]) -> dict[str, str]:
    """``KIOSK_NAME`` for every field ``name`` (names case-insensitive, as shells vary)."""
    values = {}
    for key, value in os.environ.items():
        name = key[len(ENV_PREFIX):].lower()
        if key.upper().startswith(ENV_PREFIX) and name in fields:
            values[name] = value
    return values


def configured_data_dir() -> Path | None:
    """The data folder the settings will name (file, then environment, then the default),
    found without building them; None when the file cannot be read or the value is not a
    plain path: the settings will report that themselves."""
    try:
        values = {**toml_values(config_file()), **env_values({"data_dir"})}
    except SettingsError:
        return None
    value = values.get("data_dir")
    if value is None:
        return default_data_dir()
    return Path(value) if isinstance(value, str) and value else None
