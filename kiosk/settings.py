"""Kiosk settings: ``KIOSK_*`` environment variables, else an optional ``kiosk.toml``.

Clinic name, phone, address, hours and logo come from here, never from code.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from kiosk.paths import BUNDLED_FORMS


def _config_file() -> Path:
    return Path(os.environ.get("KIOSK_CONFIG", "kiosk.toml"))


class Settings(BaseSettings):
    """Everything a clinic configures; defaults give a working embedded kiosk."""

    model_config = SettingsConfigDict(env_prefix="KIOSK_", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("lobby-kiosk", appauthor=False)),
        description="Database, key file, spool and exports live here",
    )
    db_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir")
    db_insecure: bool = Field(default=False, description="Allow PostgreSQL to a remote host without verify-full")
    key: str | None = Field(default=None, description="Base64 AES-256 key; else a key file in data_dir")
    pepper: str | None = Field(
        default=None, description="Base64 secret for staff PIN hashes; else kept in the key store (0600)"
    )
    forms_dir: Path = Field(default=BUNDLED_FORMS, description="Folder of form YAML files")
    protocol: str = Field(default="default", description="Visit protocol the kiosk runs")
    id: str = Field(default_factory=socket.gethostname, description="This kiosk's id")
    clinic_name: str = Field(default="Lobby Kiosk Clinic")
    clinic_phone: str = Field(default="")
    clinic_address: str = Field(default="")
    clinic_hours: str = Field(default="")
    clinic_logo: Path | None = Field(default=None, description="PNG shown on slides and the PDF")
    accent_color: str = Field(default="#1f5f8b", description="Theme accent colour")
    printer: str | None = Field(default=None, description="CUPS queue for clinician summaries")
    export_dir: Path | None = Field(default=None, description="Default export folder")
    idle_timeout: int = Field(default=90, ge=10, description="Seconds before 'Are you still there?'")
    idle_countdown: int = Field(default=20, ge=5, description="Seconds of the countdown")
    staff_idle_timeout: int = Field(default=120, ge=10, description="Seconds idle in staff mode")
    slide_seconds: float = Field(default=12.0, gt=0, description="Attract-loop slide interval")
    auto_advance: bool = Field(default=True, description="Next question after a single-choice tap")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, _config_file()))

    @property
    def database_url(self) -> str:
        """The configured URL, or a SQLite file in the data folder."""
        return self.db_url or f"sqlite:///{self.data_dir / 'kiosk.db'}"


def load_settings() -> Settings:
    return Settings()
