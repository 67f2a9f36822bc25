"""IntakeSession without Qt: steps, skip logic, back/next, review jumps, flags, build."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.forms import FormLibrary
from kiosk.intake.session import IntakeSession, Step
from kiosk.intake.visit import VisitError

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def session(visit_library: FormLibrary) -> IntakeSession:
    return IntakeSession(visit_library, visit_library.protocol("visit"), clock=lambda: NOW)


def answer_checkin(s: IntakeSession, driver: bool = False) -> None:
    s.set_language("en")
    s.next()
    assert s.step == Step("intro", "checkin")
    s.next()
    for value in ("José Núñez", None, "1980-02-29", "(555) 123-4567", driver):
        assert s.answer(value) is None
        s.next()


def test_steps_follow_protocol_and_skip_logic(session: IntakeSession) -> None:
    ids = [(st.form_id, st.item_id) for st in session.steps() if st.kind == "question"]
    assert ids[:5] == [("checkin", i) for i in ("legal_name", "preferred_name", "dob", "phone", "driver_arranged")]
    assert ("checkin", "driver_name") not in ids  # hidden until "yes"
    assert session.steps()[-3:] == [Step("question", "consent", "agree"), Step("question", "consent", "signature"), Step("submit")]
    review_at = session.steps().index(Step("review"))
    assert all(st.form_id != "consent" for st in session.steps()[:review_at])
    answer_checkin(session, driver=True)
    # the revealed question is now the current one
    assert session.step == Step("question", "checkin", "driver_name")
    session.back()
    assert session.answer(False) is None
    assert Step("question", "checkin", "driver_name") not in session.steps()


def test_progress_line_counts_visible_questions(session: IntakeSession) -> None:
    answer_checkin(session)
    assert session.step == Step("question", "phq9", "q1")
    for _ in range(2):
        session.answer(0)
        session.next()
    progress = session.progress()
    assert (progress.form_title, progress.number, progress.count) == ("PHQ-9", 3, 10)
    assert 0 < progress.fraction < 1


def test_required_question_blocks_next_and_back_keeps_answers(session: IntakeSession) -> None:
    session.next()
    session.next()  # the check-in's intro
    assert session.step.item_id == "legal_name"
    assert not session.can_advance()
    assert session.next() == Step("question", "checkin", "legal_name")
    assert session.answer("") == "Please answer this question to continue."
    assert session.answer("Ana") is None
    session.next()
    session.back()
    assert session.current_answer() == "Ana"


def test_dates_are_explained_in_the_patients_language(session: IntakeSession) -> None:
    session.set_language("es")
    session.next()
    session.next()  # the check-in's intro
    session.answer("Ana")
    session.next()
    session.next()
    assert session.step.item_id == "dob"
    assert session.answer("2027-01-01") == "Esa fecha es en el futuro. Revise el año."
    assert "dob" not in session.answers["checkin"]
    assert session.answer("1890-01-01") is not None


def test_crisis_flag_reported_once(session: IntakeSession) -> None:
    answer_checkin(session)
    for item in range(1, 9):
        session.answer(0)
        assert session.new_crisis_flags() == []
        session.next()
    session.answer(2)
    flags = session.new_crisis_flags()
    assert [f.id for f in flags] == ["phq9_item9"]
    assert session.new_crisis_flags() == []


def test_review_jump_returns_to_review_and_rescores(session: IntakeSession) -> None:
    answer_checkin(session)
    for _ in range(9):
        session.answer(1)
        session.next()
    session.next()  # difficulty is optional
    session.next()  # the safety form's intro
    session.next()  # its first item is information
    session.answer(["benzo"])
    session.next()
    session.answer(3)
    session.next()
    session.answer("07:30")
    session.next()
    assert session.step == Step("review")
    assert session.scores()["phq9"].scores["total"].value == 9
    phq = next(sec for sec in session.review() if sec.form_id == "phq9")
    assert phq.rows[0].answer == "Several days"
    session.go_to("phq9", "q1")
    session.answer(3)
    assert session.next() == Step("review")
    assert session.scores()["phq9"].scores["total"].value == 11


def test_build_makes_a_scored_submission(session: IntakeSession) -> None:
    answer_checkin(session, driver=True)
    session.answer("Maria")
    session.next()
    codes = [1, 0, 2, 0, 0, 1, 0, 0, 1]
    for code in codes:
        session.answer(code)
        session.next()
    session.next()  # difficulty is optional
    session.next()  # the safety form's intro
    session.next()  # its first item is information
    session.next()  # no medicines
    session.answer(12)
    session.next()
    session.answer("06:15")
    session.next()
    assert session.step == Step("review")
    with pytest.raises(VisitError):
        session.build("kiosk-1")  # consent not signed yet
    session.next()
    assert session.step == Step("intro", "consent")
    session.next()
    session.answer(True)
    session.next()
    session.answer("data:image/png;base64,iVBORw0KGgo=")
    assert session.next() == Step("submit")
    sub = session.build("kiosk-1")
    assert sub.patient.legal_name == "José Núñez"
    assert sub.patient.date_of_birth == dt.date(1980, 2, 29)
    assert sub.created_at == NOW
    assert sub.responses["phq9"].scores["total"].value == sum(codes)
    assert sub.responses["checkin"].answers["driver_name"] == "Maria"
    assert {f.id for f in sub.flags} == {"phq9_item9", "many_drinks"}
    assert sub.severity == "critical"


def test_hidden_answers_are_not_submitted(session: IntakeSession) -> None:
    answer_checkin(session, driver=True)
    session.answer("Maria")
    session.back()
    session.answer(False)
    assert session.visit_json()["responses"]["checkin"].get("driver_name") is None  # type: ignore[index]


def test_each_form_opens_with_its_instructions_once(session: IntakeSession, visit_library: FormLibrary) -> None:
    intros = [st.form_id for st in session.steps() if st.kind == "intro"]
    assert intros == ["checkin", "safety", "consent"]  # PHQ-9's stem stays on each of its questions
    session.next()
    assert session.item().text.get("en") == visit_library.form("checkin").instructions.get("en")
    assert session.heading() == ""  # the progress line already says "Check-in"
    session.go_to("safety", "meds")
    session.back()
    session.back()
    assert session.step == Step("intro", "safety") and session.heading() == "Safety questions"
    session.go_to("safety", "drinks")
    assert session.heading() == "Safety questions"  # the title reminds; the intro is not repeated
    session.go_to("phq9", "q5")
    assert session.heading() == visit_library.form("phq9").instructions.get("en")


def test_a_time_later_than_now_is_questioned_once(session: IntakeSession) -> None:
    session.set_language("es")
    session.go_to("safety", "last_food")
    later = (NOW.astimezone() + dt.timedelta(minutes=30)).strftime("%H:%M")
    doubt = session.answer(later)
    assert doubt is not None and doubt.startswith("Esa hora es más tarde que ahora")
    assert "last_food" not in session.answers["safety"]
    assert session.answer(later) is None  # given again: last night, kept
    assert session.answers["safety"]["last_food"] == later


@pytest.mark.parametrize(("sex", "born", "language", "expected"), [
    ("male", "1961-11-25", "en", "How often do you have 5 or more drinks on one occasion?"),  # 65 today
    ("male", "1960-11-25", "en", "How often do you have 4 or more drinks on one occasion?"),  # 66 today
    ("other", "1990-01-01", "es", "¿Con qué frecuencia toma 4 o más bebidas en una sola ocasión?"),
    ("male", "1990-01-01", "es", "¿Con qué frecuencia toma 5 o más bebidas en una sola ocasión?"),
])
def test_usaudit_item_3_is_worded_by_the_checkin(library: FormLibrary, sex: str, born: str, language: str,
                                                 expected: str) -> None:
    s = IntakeSession(library, library.protocol(), clock=lambda: NOW)
    s.set_language(language)
    s.answers["checkin"].update(sex_at_birth=sex, date_of_birth=born)
    s.answers["usaudit"]["q1"] = 3
    s.go_to("usaudit", "q3")
    assert s.question_text().get(language) == expected
    # the check-in answer changed on review: the wording follows
    s.answers["checkin"]["sex_at_birth"] = "female"
    assert "4" in s.question_text().get(language)


def test_steps_follow_every_answer_change_at_once(session: IntakeSession) -> None:
    """``steps()`` is cached: a stale copy would keep a question skip logic has just
    revealed or hidden, and the progress line would count the wrong number of questions."""
    answer_checkin(session)
    driver = Step("question", "checkin", "driver_name")
    session.back()  # on "driver arranged?", answered no
    assert session.step == Step("question", "checkin", "driver_arranged")
    before = session.progress()
    assert driver not in session.steps()
    assert session.answer(True) is None  # reveals "driver's name" without moving
    assert driver in session.steps()
    after = session.progress()
    assert session.steps().index(driver) == session.index + 1
    assert (after.count, after.fraction) != (before.count, before.fraction)
    assert session.answer(False) is None
    assert driver not in session.steps()
    assert session.progress() == before
    session.answers["checkin"]["driver_arranged"] = True  # changed in place, not through answer()
    assert driver in session.steps()
    del session.answers["checkin"]["driver_arranged"]
    assert driver not in session.steps()


def test_cached_steps_cannot_be_changed_by_a_caller(session: IntakeSession) -> None:
    steps = session.steps()
    steps.clear()
    assert session.steps()[0] == Step("language")
