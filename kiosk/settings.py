"""Kiosk settings: ``KIOSK_*`` environment variables, else an optional ``kiosk.toml``.

Clinic name, phone, address, hours and logo come from here, never from code.

A plain pydantic model reads the two sources itself (init arguments > environment > TOML
file): pydantic-settings did the same but cost every ``kiosk`` command about 50 ms of
imports, a fifth of a cold ``kiosk export``.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk.forms.rules import DEFAULT_FASTING_CLEAR_HOURS, DEFAULT_FASTING_FOOD_HOURS, ClinicRules
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings_sources import (  # ENV_PREFIX and SettingsError: also others' names for them here
    ENV_PREFIX as ENV_PREFIX,
    SettingsError as SettingsError,
    config_file,
    default_data_dir,
    env_values,
    toml_values,
)

class Settings(BaseModel):
    """Everything a clinic configures; defaults give a working embedded kiosk.

    Building one reads the environment and the TOML file, so ``Settings(data_dir=...)``
    overrides one value and keeps the clinic's others.
    """

    model_config = ConfigDict(extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir,
                           description="Database, key file, spool and exports live here")
    db_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir")
    db_insecure: bool = Field(default=False, description="Allow PostgreSQL to a remote host without verify-full")
    key: str | None = Field(default=None, description="Base64 AES-256 key; else a key file in data_dir")
    pepper: str | None = Field(
        default=None, description="Base64 secret for staff PIN hashes; else kept in the key store (0600)"
    )
    forms_dir: Path = Field(default=BUNDLED_FORMS, description="Folder of form YAML files")
    fhir_aliases: Path | None = Field(
        default=None, description="YAML of FHIR Questionnaire aliases (the shape of forms/fhir-aliases.yaml), "
        "merged over the forms folder's file: for other systems' canonicals and linkIds")
    mrn_system: str | None = Field(
        default=None, description="The clinic's MRN identifier system (URI): FHIR import reads a Patient "
        "identifier of this system as the MRN, export writes the MRN with it")
    protocol: str | None = Field(
        default=None,
        description="One visit protocol every visit runs; unset: the check-in's appointment type "
        "chooses (forms/protocols/*.yaml name the types they serve)",
    )
    id: str = Field(default_factory=socket.gethostname, description="This kiosk's id")
    clinic_name: str = Field(default="Lobby Kiosk Clinic")
    desk_language: Literal["en", "es"] = Field(default="en", description=(
        "Language of the words the desk and the day report take from the forms (screens, appointment types)"))
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
    switch_access: bool = Field(default=False, description=(
        "Start every visit in single-switch scan mode (Space moves, Enter chooses): a clinic with a switch device"))
    audio_output: str = Field(default="auto", description=(
        "Where read-aloud plays: auto (the sound card, else PulseAudio, else read-aloud hidden), "
        "alsa:DEVICE, pulse, null (samples counted and dropped) or none (read-aloud off)"))
    licensed_forms: tuple[str, ...] = Field(
        default=(), description="Ids of forms the clinic holds a licence for (comma-separated), e.g. cssrs"
    )
    fasting_food_hours: float = Field(
        default=DEFAULT_FASTING_FOOD_HOURS, ge=0, le=24,
        description="Hours without solid food before an infusion (default: ASA fasting guidance, 6)",
    )
    fasting_clear_hours: float = Field(
        default=DEFAULT_FASTING_CLEAR_HOURS, ge=0, le=24,
        description="Hours without clear drinks before an infusion (default: ASA fasting guidance, 2)",
    )
    escalate_after: int = Field(default=300, ge=30, description=(
        "Seconds a critical flag may wait unreviewed before every desk is re-alerted and the people "
        "below are told"))
    escalate_to: str = Field(default="", description="Comma-separated e-mail addresses told of an escalation")
    escalate_from: str = Field(default="lobby-kiosk@localhost", description="Sender address of escalation e-mails")
    smtp_host: str | None = Field(default=None, description="SMTP server for escalation e-mails")
    smtp_port: int = Field(default=587, description="SMTP port")
    smtp_starttls: bool = Field(default=True, description="Use STARTTLS with the SMTP server")
    smtp_user: str | None = Field(default=None, description="SMTP user name, if the server needs one")
    smtp_password_file: Path | None = Field(default=None, description="File holding the SMTP password (0600)")
    webhook_url: str | None = Field(default=None, description="URL that receives escalations as JSON (POST)")
    webhook_secret_file: Path | None = Field(
        default=None, description="File holding the secret that signs webhook bodies (HMAC-SHA256)")

    @field_validator("licensed_forms", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="before")
    @classmethod
    def _with_environment(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        fields = set(cls.model_fields)
        return {**toml_values(config_file()), **env_values(fields), **data}

    def clinic_rules(self) -> ClinicRules:
        """The licences and fasting rule the forms engine applies for this clinic."""
        return ClinicRules(
            licensed_forms=frozenset(self.licensed_forms),
            fasting_food_hours=self.fasting_food_hours,
            fasting_clear_hours=self.fasting_clear_hours,
        )

    @property
    def database_url(self) -> str:
        """The configured URL, or a SQLite file in the data folder."""
        return self.db_url or f"sqlite:///{self.data_dir / 'kiosk.db'}"


def _problem(error: Any) -> str:
    field = ".".join(str(part) for part in error["loc"])
    return f"{ENV_PREFIX}{field.upper()} (or `{field}` in {config_file()}): {error['msg']}"


def load_settings() -> Settings:
    """The clinic's settings; a bad value raises SettingsError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError("invalid settings:\n" + "\n".join(
            f"  {_problem(error)}" for error in exc.errors())) from None
