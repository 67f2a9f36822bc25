"""Protocol choice driven by a finger: the check-in's appointment type picks the forms, the
store's record of the patient leaves out a recent USAUDIT and sets the drinking window, and
a store that cannot answer leaves every form asked."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.intake.session import IntakeSession
from kiosk.intake.visit import build_submission
from kiosk.report.pdf import render_summary
from kiosk.settings import Settings
from kiosk.ui.app import Kiosk
from kiosk.ui.background import BackgroundOp
from kiosk.ui.store_link import NotStored, StoreLink
from tests.ui.conftest import Outbox, running_kiosk
from tests.ui.finger import Finger
from tests.ui.visit_robot import answer_everything

NAME, BORN = "José Núñez", dt.date(1980, 2, 29)  # what the robot types at check-in
PROGRESS = re.compile(r"· (?:question|pregunta) (\d+) (?:of|de) (\d+)$")


def begin(qtbot: QtBot, kiosk: Kiosk, language: str = "en") -> Finger:
    finger = Finger(qtbot, kiosk)
    finger.tap(kiosk.window.attract)
    finger.tap(kiosk.window.language.buttons[language])
    return finger


def at_last_checkin_question(session: object) -> bool:
    return getattr(session, "step").item_id == "driver_name"


def served(library: FormLibrary, kind: str) -> list[str]:
    return list(next(p for p in library.protocols.values() if kind in p.appointment_types).forms)


@pytest.mark.parametrize(("kind", "language"), [("infusion", "es"), ("follow_up", "en")])
def test_the_appointment_type_chooses_the_forms(qtbot: QtBot, settings: Settings, library: FormLibrary,
                                                outbox: Outbox, kind: str, language: str) -> None:
    seen: list[tuple[str, str, str]] = []
    with running_kiosk(qtbot, settings.model_copy(update={"protocol": None}), library, outbox,
                       auto_advance_ms=5) as kiosk:
        finger = begin(qtbot, kiosk, language)
        answer_everything(finger, kiosk, choices={"appointment_type": kind}, seen=seen)
        qtbot.waitUntil(lambda: len(outbox.submissions) == 1, timeout=10000)
    assert list(outbox.submissions[0].responses) == served(library, kind)
    assert list(dict.fromkeys(form for form, _, _ in seen)) == served(library, kind)
    # "question N of M" is honest: within each form N never passes M, and the last is "M of M"
    by_form: dict[str, list[tuple[int, int]]] = {}
    for form, line, _ in seen:
        if (match := PROGRESS.search(line)) is not None:
            by_form.setdefault(form, []).append((int(match[1]), int(match[2])))
    assert set(by_form) == set(served(library, kind))
    for form, counted in by_form.items():
        assert all(n <= m for n, m in counted) and counted[-1][0] == counted[-1][1], (form, counted)


def test_a_fixed_protocol_still_runs_for_every_type(qtbot: QtBot, settings: Settings, library: FormLibrary,
                                                    outbox: Outbox) -> None:
    with running_kiosk(qtbot, settings.model_copy(update={"protocol": "follow_up"}), library, outbox,
                       auto_advance_ms=5) as kiosk:
        answer_everything(begin(qtbot, kiosk), kiosk, choices={"appointment_type": "infusion"})
        qtbot.waitUntil(lambda: len(outbox.submissions) == 1, timeout=10000)
    assert list(outbox.submissions[0].responses) == served(library, "follow_up")


def earlier_visit(library: FormLibrary, days: int) -> object:
    now = dt.datetime.now(dt.timezone.utc)
    return build_submission(library, {
        "patient": {"legal_name": NAME, "date_of_birth": BORN.isoformat()},
        "responses": {"usaudit": {"q1": 0, "q9": 0, "q10": 0}},
        "submitted_at": (now - dt.timedelta(days=days)).isoformat(),
    }, kiosk_id="lobby-1", now=now)


def store_with_a_visit_12_days_ago(tmp_path: Path, library: FormLibrary) -> tuple[Settings, StoreLink]:
    """A real SQLite store, opened as the kiosk opens it, holding the robot patient's USAUDIT."""
    settings = Settings(data_dir=tmp_path / "data", id="lobby-1", protocol=None)
    link = StoreLink(settings, library)
    link.open()
    assert link.store is not None, link.problem
    link.store.add(earlier_visit(library, 12))
    return settings, link


def checked_in_with_history(qtbot: QtBot, kiosk: Kiosk) -> tuple[Finger, IntakeSession]:
    """A first consultation up to the check-in's last question, once the store has answered."""
    finger = begin(qtbot, kiosk)
    answer_everything(finger, kiosk, choices={"appointment_type": "first_consult"}, stop=at_last_checkin_question)
    session = kiosk.flow.session
    assert session is not None
    qtbot.waitUntil(lambda: session.history is not None, timeout=10000)
    return finger, session


def test_the_store_leaves_out_a_recent_usaudit_and_sets_the_window(
    qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox
) -> None:
    settings, link = store_with_a_visit_12_days_ago(tmp_path, library)
    seen: list[tuple[str, str, str]] = []
    try:
        with running_kiosk(qtbot, settings, library, outbox, auto_advance_ms=5, history=link.history) as kiosk:
            finger, session = checked_in_with_history(qtbot, kiosk)
            answer_everything(finger, kiosk, seen=seen)
            qtbot.waitUntil(lambda: len(outbox.submissions) == 1, timeout=10000)
    finally:
        link.close()
    sub = outbox.submissions[0]
    assert "usaudit" not in sub.responses and "drinking" in sub.responses
    answered = (dt.datetime.now().astimezone() - dt.timedelta(days=12)).date()
    assert [(n.form, n.answered_on, n.every_days) for n in sub.not_asked] == [("usaudit", answered, 365)]
    assert ("drinking", "In the 12 days since your last visit, on how many days did you have any alcohol?") in [
        (form, question) for form, _, question in seen]
    pdf = render_summary(sub, library, settings)
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert f"USAUDIT not asked: answered on {answered.isoformat()}, asked at most every 365 days" in flat
    assert "In the 12 days since your last visit" in flat


def test_an_unreachable_store_leaves_every_form_asked(
    qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox
) -> None:
    settings = Settings(data_dir=tmp_path / "data", id="lobby-1", protocol=None,
                        db_url="postgresql+psycopg://kiosk:kiosk@127.0.0.1:1/kiosk")
    link = StoreLink(settings, library)
    link.open()
    assert link.store is None and link.problem
    with running_kiosk(qtbot, settings, library, outbox, auto_advance_ms=5, history=link.history,
                       spooled_errors=(NotStored,)) as kiosk:
        finger = begin(qtbot, kiosk)
        answer_everything(finger, kiosk, choices={"appointment_type": "first_consult"}, stop=at_last_checkin_question)
        qtbot.waitUntil(lambda: kiosk.flow._looked_up is not None and not BackgroundOp._running, timeout=10000)
        answer_everything(finger, kiosk)
        qtbot.waitUntil(lambda: len(outbox.submissions) == 1, timeout=10000)
    sub = outbox.submissions[0]
    assert list(sub.responses) == served(library, "first_consult")
    assert sub.not_asked == [] and sub.last_visit_on is None


def test_a_changed_name_forgets_the_earlier_history(
    qtbot: QtBot, tmp_path: Path, library: FormLibrary, outbox: Outbox
) -> None:
    """The patient corrects their name after the look-up, and the store is gone by then: the
    first name's history must not leave out the USAUDIT of whoever this is."""
    from kiosk.forms.model import ItemType

    settings, link = store_with_a_visit_12_days_ago(tmp_path, library)
    try:
        with running_kiosk(qtbot, settings, library, outbox, auto_advance_ms=5, history=link.history) as kiosk:
            finger, session = checked_in_with_history(qtbot, kiosk)
            assert "usaudit" not in [f.id for f in session.forms]
            link.close()
            link.store, link.problem = None, "the database went away"
            kiosk.flow.edit("checkin", "legal_name")
            finger.answer(ItemType.text, "z")
            qtbot.waitUntil(lambda: not BackgroundOp._running, timeout=10000)
            assert session.history is None
            assert "usaudit" in [f.id for f in session.forms]
            kiosk.flow.wipe()
    finally:
        link.close()


def test_kiosk_run_itself_looks_up_the_patients_history(qtbot: QtBot, tmp_path: Path, library: FormLibrary) -> None:
    """The kiosk's own start (``kiosk run``: Startup) wires the store's history look-up into the
    flow. Until session 5 only the tests passed ``history=``: the real kiosk asked every
    patient the one-year USAUDIT again and always counted drinking over 7 days."""
    from kiosk.ui.startup import Startup

    settings, link = store_with_a_visit_12_days_ago(tmp_path, library)
    link.close()
    startup = Startup(settings, lambda: library, auto_advance_ms=5)
    qtbot.addWidget(startup.window)
    startup.window.show()
    qtbot.waitUntil(lambda: startup.kiosk is not None and startup.link is not None, timeout=15000)
    kiosk, opened = startup.kiosk, startup.link
    assert kiosk is not None and opened is not None
    try:
        qtbot.waitUntil(lambda: opened.store is not None or opened.problem is not None, timeout=15000)
        assert opened.problem is None
        _, session = checked_in_with_history(qtbot, kiosk)
        assert session.history is not None and session.history.last_visit is not None
        planned = {step.form_id for step in session.steps()}
        assert "usaudit" not in planned and "drinking" in planned
    finally:
        kiosk.flow.idle.stop()
        startup.window.unlock()
        startup.close()
