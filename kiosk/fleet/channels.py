"""Where an escalation goes outside the app: e-mail through SMTP, and an HTTP webhook.

The message carries no patient data: the kiosk, the time, the flag's kind, a short
reference and "open the desk". Each channel raises ChannelError with a reason that names
no secret (never the password, never the webhook secret).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path

from kiosk.settings import Settings

TIMEOUT_S = 15.0
SIGNATURE_HEADER = "X-Kiosk-Signature"


class ChannelError(Exception):
    """A channel could not deliver; the message says why in plain words."""


@dataclass(frozen=True)
class Notice:
    """What people outside the app are told: nothing that identifies a patient."""

    reference: str  # the submission id's first 8 characters, as on the PDF and export names
    kiosk: str
    at: str  # the check-in time, HH:MM local
    category: str
    waited_minutes: int

    def text(self) -> str:
        return (f"A {self.category} check-in at {self.at} on {self.kiosk} has not been reviewed for "
                f"{self.waited_minutes} minutes (reference {self.reference}). Open the front desk now.")

    def as_json(self) -> bytes:
        body = {"event": "critical_flag_unreviewed", **asdict(self), "action": "open the desk"}
        return json.dumps(body, sort_keys=True).encode()


def _secret(path: Path | None, what: str) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ChannelError(f"cannot read the {what} file {path}: {exc.strerror or exc}") from None


def send_email(settings: Settings, notice: Notice) -> None:
    recipients = [a.strip() for a in settings.escalate_to.split(",") if a.strip()]
    if not settings.smtp_host or not recipients:
        raise ChannelError("e-mail is not configured (KIOSK_SMTP_HOST and KIOSK_ESCALATE_TO)")
    message = EmailMessage()
    message["Subject"] = f"Lobby Kiosk: critical check-in not reviewed ({notice.reference})"
    message["From"] = settings.escalate_from
    message["To"] = ", ".join(recipients)
    message.set_content(notice.text())
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            password = _secret(settings.smtp_password_file, "SMTP password")
            if settings.smtp_user and password is not None:
                smtp.login(settings.smtp_user, password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        raise ChannelError(f"e-mail through {settings.smtp_host}:{settings.smtp_port} failed: "
                           f"{type(exc).__name__}") from None


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(settings: Settings, notice: Notice) -> None:
    if not settings.webhook_url:
        raise ChannelError("the webhook is not configured (KIOSK_WEBHOOK_URL)")
    body = notice.as_json()
    request = urllib.request.Request(settings.webhook_url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    secret = _secret(settings.webhook_secret_file, "webhook secret")
    if secret:
        request.add_header(SIGNATURE_HEADER, sign(secret, body))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:  # noqa: S310 - a configured URL
            if not 200 <= answer.status < 300:
                raise ChannelError(f"the webhook answered {answer.status}")
    except urllib.error.HTTPError as exc:
        raise ChannelError(f"the webhook answered {exc.code}") from None
    except (OSError, urllib.error.URLError) as exc:
        raise ChannelError(f"the webhook could not be reached: {type(exc).__name__}") from None


def configured_channels(settings: Settings) -> dict[str, Callable[[Settings, Notice], None]]:
    """The channels this clinic set up, by name."""
    channels: dict[str, Callable[[Settings, Notice], None]] = {}
    if settings.smtp_host and settings.escalate_to.strip():
        channels["email"] = send_email
    if settings.webhook_url:
        channels["webhook"] = send_webhook
    return channels
