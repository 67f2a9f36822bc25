"""An unreviewed critical flag is escalated by e-mail and webhook (real servers on 127.0.0.1),
once across processes, retried until delivered, stopped by acknowledgement; no patient data."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.fleet.escalation import acknowledge, escalate_once, open_escalations
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import audit_log
from tests.fleet.conftest import Outage
from tests.fleet.servers import http_server, smtp_server

NOW = dt.datetime.now(dt.timezone.utc)
"""This test's "now" (reset before each test below): the desks' escalation runs on the real
clock, and a time taken once at collection let the 'not yet due' visit come due when the test
ran more than four minutes later (a long or parallel run), leaving it escalated."""


@pytest.fixture(autouse=True)
def _now_is_when_the_test_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "NOW", dt.datetime.now(dt.timezone.utc))
PHI = ("Zelda", "Quorra", "1971", "555-0199", "03-09")


@pytest.fixture
def critical(outage_settings: tuple[Settings, Outage], make_submission: Any) -> Any:
    settings, _ = outage_settings
    store = Store.open(settings)
    visit = make_submission(now=NOW - dt.timedelta(minutes=6), q9=2, total=9)
    store.add(visit)
    store.add(make_submission(now=NOW - dt.timedelta(minutes=6), name="Calm Patient"))  # no flag
    store.add(make_submission(now=NOW - dt.timedelta(minutes=1), q9=1, name="Just Now"))  # not yet due
    yield store, visit
    store.close()


def _settings(base: Settings, tmp_path: Path, smtp_port: int, http_port: int) -> Settings:
    secret = tmp_path / "webhook.secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    return base.model_copy(update=dict(
        escalate_after=300, smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_starttls=False,
        escalate_to="desk@clinic.test, lead@clinic.test", webhook_url=f"http://127.0.0.1:{http_port}/hook",
        webhook_secret_file=secret))


def test_escalation_reaches_email_and_webhook_without_patient_data(
    critical: Any, outage_settings: tuple[Settings, Outage], tmp_path: Path
) -> None:
    store, visit = critical
    with smtp_server() as (inbox, smtp_port), http_server() as (hook, http_port):
        settings = _settings(outage_settings[0], tmp_path, smtp_port, http_port)
        [result] = escalate_once(store, settings, now=NOW)
        assert result.submission_id == visit.id and result.delivered == ("email", "webhook") and not result.failed
        assert escalate_once(store, settings, now=NOW + dt.timedelta(minutes=1)) == []  # sent once
        [mail] = inbox.messages
        assert mail["To"] == "desk@clinic.test, lead@clinic.test"
        text = mail.get_payload()
        assert str(visit.id)[:8] in text and "lobby-1" in text and "Open the front desk" in text
        assert "A crisis check-in" in text  # PHQ-9 item 9: the flag's own category, suicide risk
        [(headers, body)] = hook.requests
        payload = json.loads(body)
        assert payload["reference"] == str(visit.id)[:8] and payload["action"] == "open the desk"
        assert payload["category"] == "crisis"
        expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        assert headers["X-Kiosk-Signature"] == expected
        for value in PHI:
            assert value not in inbox.raw[0].decode() and value not in body.decode()
    assert [e[0] for e in open_escalations(store)] == [visit.id]


def test_a_failed_channel_is_retried_and_review_acknowledges(
    critical: Any, outage_settings: tuple[Settings, Outage], tmp_path: Path
) -> None:
    store, visit = critical
    with smtp_server() as (inbox, smtp_port), http_server() as (hook, http_port):
        settings = _settings(outage_settings[0], tmp_path, smtp_port, http_port)
        hook.status = 503
        [first] = escalate_once(store, settings, now=NOW)
        assert first.delivered == ("email",) and first.failed == ("webhook",)
        hook.status = 200
        assert escalate_once(store, settings, now=NOW + dt.timedelta(seconds=30)) == []  # backing off
        [second] = escalate_once(store, settings, now=NOW + dt.timedelta(minutes=2))
        assert second.delivered == ("webhook",) and len(inbox.messages) == 1  # e-mail not sent twice
        assert acknowledge(store, visit.id, "staff:1")
        assert open_escalations(store) == []
        assert escalate_once(store, settings, now=NOW + dt.timedelta(minutes=3)) == []  # "Just Now" is not due
    with store.engine.connect() as conn:
        actions = conn.execute(sa.select(audit_log.c.action, audit_log.c.detail)
                               .where(audit_log.c.submission_id == visit.id)).all()
    assert [a for a, _ in actions if a.startswith("escalation")] == [
        "escalation.sent", "escalation.sent", "escalation.ack"]
    assert ("escalation.sent", "delivered:email failed:webhook") in actions


def test_many_processes_send_one_notice(critical: Any, outage_settings: tuple[Settings, Outage],
                                        tmp_path: Path) -> None:
    store, _visit = critical
    with smtp_server() as (inbox, smtp_port), http_server() as (hook, http_port):
        settings = _settings(outage_settings[0], tmp_path, smtp_port, http_port)
        others = [Store.open(settings) for _ in range(3)]
        try:
            runners = [threading.Thread(target=escalate_once, args=(s, settings), kwargs={"now": NOW})
                       for s in [store, *others]]
            for runner in runners:
                runner.start()
            for runner in runners:
                runner.join(60)
        finally:
            for other in others:
                other.close()
        assert len(inbox.messages) == 1 and len(hook.requests) == 1


def test_every_desk_is_re_alerted_until_the_visit_is_reviewed(qtbot: Any, critical: Any,
                                                               outage_settings: tuple[Settings, Outage]) -> None:
    from kiosk.forms import load_library
    from kiosk.staff import PinHasher
    from kiosk.staff.service import StaffService
    from kiosk.ui.desk.actions import StoreDeskActions
    from kiosk.ui.desk.desk_window import DeskWindow

    store, visit = critical
    settings = outage_settings[0]
    staff = StaffService(store, PinHasher(store.pepper()))
    staff.add("Ana Díaz", "482913")
    member = staff.sign_in("Ana Díaz", "482913")
    library = load_library(settings.forms_dir)
    desks = [DeskWindow(StoreDeskActions(store, library, settings, member), library) for _ in range(2)]
    try:
        for desk in desks:
            qtbot.addWidget(desk)
            desk.show()
            desk.escalation.check_now()
        for desk in desks:
            qtbot.waitUntil(lambda d=desk: "NOT REVIEWED" in d.alert.text(), timeout=20_000)
            assert desk.alert_bar.isVisible() and "Zelda" not in desk.alert.text()
        StoreDeskActions(store, library, settings, member).mark_reviewed(visit.id)
        assert open_escalations(store) == []
    finally:
        for desk in desks:
            desk.escalation.stop()
            qtbot.waitUntil(lambda d=desk: not d.escalation._busy, timeout=20_000)
