"""``kiosk submit`` counts the drinking window as the kiosk does: since the patient's last
visit in the store (at most 30 days), from the visit's own ``submitted_at``; the stored
score, the answer limits and the PDF's wording follow the same window."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from io import BytesIO
from typing import Any

from pypdf import PdfReader

from kiosk.forms import FormLibrary
from kiosk.intake.submission import Submission
from kiosk.report.pdf import render_summary
from kiosk.settings import Settings
from kiosk.store import Store
from tests.store.conftest import visit
from tests.store.test_cli import kiosk

UTC = dt.timezone.utc
AT = dt.datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # the visit being typed in (noon, any zone)


def drinking_visit(at: dt.datetime, days: int) -> dict[str, Any]:
    data = visit()
    data["responses"]["drinking"] = {"drinking_days": days, "heavy_days": 0, "typical_drinks": 2}
    data["submitted_at"] = at.isoformat()
    return data


def submit(env: dict[str, str], data: dict[str, Any]) -> Any:
    return kiosk(env, "submit", "--visit", "-", stdin=json.dumps(data))


def stored(settings: Settings, done: Any) -> Submission:
    assert done.returncode == 0, done.stderr
    with Store.open(settings) as store:
        return store.get(uuid.UUID(done.stdout.strip()), actor="test")


def pdf_text(submission: Submission, library: FormLibrary, settings: Settings) -> str:
    pdf = render_summary(submission, library, settings)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def test_first_visit_asks_about_the_past_7_days(cli_env: dict[str, str], settings: Settings,
                                                notes_library: FormLibrary) -> None:
    over = submit(cli_env, drinking_visit(AT, 8))
    assert over.returncode == 2 and "drinking_days" in over.stderr
    visit_ = stored(settings, submit(cli_env, drinking_visit(AT, 2)))
    assert visit_.last_visit_on is None
    assert visit_.responses["drinking"].scores["days_abstinent_pct"].value == 71  # 100 x 5/7
    assert "In the past 7 days, on how many days did you have any alcohol?" in pdf_text(visit_, notes_library, settings)


def test_a_visit_7_days_earlier_sets_a_7_day_window_since_it(cli_env: dict[str, str], settings: Settings,
                                                               notes_library: FormLibrary) -> None:
    stored(settings, submit(cli_env, drinking_visit(AT - dt.timedelta(days=7), 0)))
    visit_ = stored(settings, submit(cli_env, drinking_visit(AT, 2)))
    assert visit_.last_visit_on == (AT - dt.timedelta(days=7)).astimezone().date()
    assert visit_.responses["drinking"].scores["days_abstinent_pct"].value == 71
    text = pdf_text(visit_, notes_library, settings)
    assert "In the 7 days since your last visit, on how many days did you have any alcohol?" in text


def test_a_visit_30_days_before_submitted_at_sets_a_30_day_window(cli_env: dict[str, str], settings: Settings,
                                                                   notes_library: FormLibrary) -> None:
    """Counted from ``submitted_at``, not from today: a later visit in the store does not count."""
    stored(settings, submit(cli_env, drinking_visit(AT - dt.timedelta(days=30), 0)))
    stored(settings, submit(cli_env, drinking_visit(AT + dt.timedelta(days=2), 0)))
    visit_ = stored(settings, submit(cli_env, drinking_visit(AT, 20)))
    assert visit_.last_visit_on == (AT - dt.timedelta(days=30)).astimezone().date()
    assert visit_.responses["drinking"].scores["days_abstinent_pct"].value == 33  # 100 x 10/30
    text = pdf_text(visit_, notes_library, settings)
    assert "In the 30 days since your last visit, on how many days did you have any alcohol?" in text


def test_a_last_visit_longer_ago_than_30_days_gives_the_past_30_days(cli_env: dict[str, str], settings: Settings,
                                                                      notes_library: FormLibrary) -> None:
    stored(settings, submit(cli_env, drinking_visit(AT - dt.timedelta(days=45), 0)))
    visit_ = stored(settings, submit(cli_env, drinking_visit(AT, 20)))
    assert visit_.responses["drinking"].scores["days_abstinent_pct"].value == 33
    assert "In the past 30 days, on how many days" in pdf_text(visit_, notes_library, settings)
