"""``kiosk run``'s path: slides first, the store opened on a worker, visits stored or spooled."""

from __future__ import annotations

import json
import subprocess
import sys

from pytestqt.qtbot import QtBot

from kiosk.forms import FormLibrary
from kiosk.intake.session import IntakeSession
from kiosk.settings import Settings
from kiosk.ui.startup import Startup
from kiosk.ui.store_link import NotStored, StoreLink
from tests.ui.conftest import NOW


def a_submission(visit_library: FormLibrary):  # type: ignore[no-untyped-def]
    session = IntakeSession(visit_library, visit_library.protocol("visit"), clock=lambda: NOW)
    session.answers["checkin"].update(legal_name="Ana Ruiz", dob="1970-01-31", phone="(555) 000-1111", driver_arranged=False)
    session.answers["phq9"].update({f"q{i}": 0 for i in range(1, 10)})
    session.answers["safety"].update(drinks=0, last_food="07:00")
    session.answers["consent"].update(agree=True, signature="data:image/png;base64,iVBORw0KGgo=")
    return session.build("lobby-1")


def test_launch_opens_the_store_after_the_first_slide_is_painted(qtbot: QtBot, settings: Settings, visit_library: FormLibrary) -> None:
    startup = Startup(settings, lambda: visit_library)
    qtbot.addWidget(startup.window)
    assert startup.problem is None
    assert startup.link is None  # nothing opened before the slides are up
    startup.window.show()
    qtbot.waitUntil(lambda: startup.link is not None and startup.link.store is not None, timeout=15000)
    kiosk, link = startup.kiosk, startup.link
    assert kiosk is not None
    submission = a_submission(visit_library)
    link.submit(submission)
    assert link.store.count() == 1
    pinned = link.store.pinned_forms(submission)  # the definitions answered are in the store
    assert {f: c.digest for f, c in pinned.items()} == {f: r.definition for f, r in submission.responses.items()}
    link.close()
    kiosk.flow.idle.stop()
    kiosk.window.unlock()


def test_a_store_that_cannot_open_spools_the_visit(settings: Settings, visit_library: FormLibrary) -> None:
    broken = settings.model_copy(update={"db_url": "postgresql+psycopg://kiosk@db.example.org/kiosk"})
    link = StoreLink(broken, visit_library)
    link.open()
    assert link.problem is not None and link.store is None
    submission = a_submission(visit_library)
    try:
        link.submit(submission)
    except NotStored as exc:
        assert exc.spooled
    else:
        raise AssertionError("submit should say the visit was only spooled")
    [spooled] = list((settings.data_dir / "spool").iterdir())
    definitions = json.loads(spooled.read_text(encoding="utf-8"))["definitions"]  # beside the visit
    assert set(definitions) == {r.definition for r in submission.responses.values()}


def test_a_store_that_refuses_this_key_is_not_forked_through_the_spool(
    settings: Settings, visit_library: FormLibrary
) -> None:
    from kiosk.store import Store, new_key_text

    with Store.open(settings.model_copy(update={"key": new_key_text()})) as store:
        store.add(a_submission(visit_library))  # the clinic's key
    link = StoreLink(settings.model_copy(update={"key": new_key_text()}))  # a mistyped KIOSK_KEY
    link.open()
    assert link.store is None and link.problem is not None and "KIOSK_KEY" in link.problem
    try:
        link.submit(a_submission(visit_library))
    except NotStored as exc:
        assert not exc.spooled and "NOT saved" in str(exc)
    else:
        raise AssertionError("a visit must not be kept under a key the clinic does not have")
    assert not any((settings.data_dir / "spool").glob("*.spool"))


def test_importing_the_ui_does_not_import_the_store() -> None:
    code = "import sys, kiosk.ui.app; print(any(m.startswith(('kiosk.store', 'sqlalchemy', 'alembic')) for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
