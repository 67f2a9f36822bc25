"""Form versions never rewrite history: an old visit is exported in the words it was answered in.

Every step is a real ``kiosk`` process (a restart each time) on a real SQLite file or
PostgreSQL schema, with a copied forms folder that the test rewords as a clinic would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from pypdf import PdfReader

from kiosk.forms import load_library
from kiosk.forms.canonical import CanonicalForm
from kiosk.paths import BUNDLED_FORMS
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.store.tables import form_definitions
from tests.forms.signature import signature_data_url
from tests.store.conftest import phq9_answers

VISIT = {
    "patient": {"legal_name": "Odile Varga", "date_of_birth": "1966-10-02"},
    "language": "en",
    "responses": {"phq9": phq9_answers(total=2), "consent": {"agree": True, "signature": signature_data_url()}},
}
NEW_QUESTION = "Reworded first question of the second version"
NEW_BAND = "Relabelled minimal band"
NEW_CONSENT = "A sentence added to the consent in the second version."


def kiosk(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=180, check=False)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages))


class Clinic:
    """A forms folder and a store as ``kiosk`` processes see them through the environment."""

    def __init__(self, tmp_path: Path, db_url: str) -> None:
        self.forms = tmp_path / "forms"
        shutil.copytree(BUNDLED_FORMS, self.forms)
        self.out = tmp_path / "out"
        self.settings = Settings(data_dir=tmp_path / "data", db_url=db_url, forms_dir=self.forms,
                                 id="lobby-1", key=None, pepper=None)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_DB_URL=db_url,
                   KIOSK_FORMS_DIR=str(self.forms), KIOSK_ID="lobby-1")
        self.env = env

    def submit(self) -> str:
        run = kiosk(self.env, "submit", "--visit", "-", stdin=json.dumps(VISIT))
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    def export(self, visit_id: str, fmt: str) -> subprocess.CompletedProcess[str]:
        return kiosk(self.env, "export", visit_id, "--format", fmt, "--out", str(self.out))

    def exported(self, visit_id: str, fmt: str) -> Path:
        run = self.export(visit_id, fmt)
        assert run.returncode == 0, run.stderr
        return Path(run.stdout.strip())

    def edit(self, form_id: str, change: Any) -> None:
        path = self.forms / f"{form_id}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def digest(self, form_id: str) -> str:
        return CanonicalForm.of(load_library(self.forms).form(form_id)).digest


def _band(data: dict[str, Any], band_id: str) -> dict[str, Any]:
    return next(b for b in data["scores"][0]["bands"] if b["id"] == band_id)


def reword(clinic: Clinic, *, bump: bool = True) -> None:
    """A new wording of PHQ-9 item 1, its minimal band and the consent, as a new version."""

    def phq9(data: dict[str, Any]) -> None:
        data["items"][0]["text"]["en"] = NEW_QUESTION
        _band(data, "minimal")["label"]["en"] = NEW_BAND
        data["version"] += "-v2" if bump else ""

    def consent(data: dict[str, Any]) -> None:
        data["items"][0]["text"]["en"] += f"\n{NEW_CONSENT}\n"
        data["version"] += "-v2" if bump else ""

    clinic.edit("phq9", phq9)
    clinic.edit("consent", consent)


@pytest.fixture
def clinic(tmp_path: Path, db_url: str) -> Clinic:
    return Clinic(tmp_path, db_url)


@pytest.fixture
def old_words(clinic: Clinic) -> dict[str, str]:
    """The words of the shipped files the first visit is answered with (whatever they say today)."""
    library = load_library(clinic.forms)
    phq9, consent = library.form("phq9"), library.form("consent")
    return {"question": phq9.item("q1").text.en,
            "band": next(b for b in phq9.score_rule("total").bands if b.id == "minimal").label.en,
            "consent": consent.items[0].text.en, "phq9": clinic.digest("phq9"),
            "consent_hash": clinic.digest("consent"), "version": phq9.version}


def test_old_visit_keeps_its_words_after_the_files_change(clinic: Clinic, old_words: dict[str, str]) -> None:
    old_id = clinic.submit()
    reword(clinic)
    new_id = clinic.submit()

    old_pdf, new_pdf = pdf_text(clinic.exported(old_id, "pdf")), pdf_text(clinic.exported(new_id, "pdf"))
    assert flat(old_words["question"]) in old_pdf and old_words["band"] in old_pdf
    assert flat(old_words["consent"]) in old_pdf  # the consent exactly as signed …
    assert f"sha256 {old_words['consent_hash']}" in old_pdf  # … with its hash
    assert NEW_QUESTION not in old_pdf and NEW_BAND not in old_pdf and NEW_CONSENT not in old_pdf
    assert NEW_QUESTION in new_pdf and NEW_BAND in new_pdf and NEW_CONSENT in new_pdf
    assert f"sha256 {clinic.digest('consent')}" in new_pdf

    old_fhir = clinic.exported(old_id, "fhir").read_text(encoding="utf-8")
    new_fhir = clinic.exported(new_id, "fhir").read_text(encoding="utf-8")
    assert f'"{old_words["question"]}"' in old_fhir and f'"{old_words["band"]}"' in old_fhir
    assert NEW_QUESTION not in old_fhir and NEW_BAND not in old_fhir
    assert NEW_QUESTION in new_fhir and NEW_BAND in new_fhir

    history = kiosk(clinic.env, "forms", "history", "phq9")
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert lines[0].split() == ["version", "sha256", "first", "use", "last", "use", "visits"]
    first, second = (line.split() for line in lines[1:])
    assert (first[0], first[1], first[-1]) == (old_words["version"], old_words["phq9"], "1")
    assert (second[0], second[1], second[-1]) == (old_words["version"] + "-v2", clinic.digest("phq9"), "1")


def test_a_form_removed_from_disk_still_exports(clinic: Clinic, old_words: dict[str, str]) -> None:
    old_id = clinic.submit()
    (clinic.forms / "phq9.yaml").unlink()
    protocol = clinic.forms / "protocols" / "default.yaml"
    data = yaml.safe_load(protocol.read_text(encoding="utf-8"))
    data["forms"].remove("phq9")
    protocol.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    text = pdf_text(clinic.exported(old_id, "pdf"))
    assert flat(old_words["question"]) in text and old_words["band"] in text
    assert "not in the current form library" not in text
    bundle = json.loads(clinic.exported(old_id, "fhir").read_text(encoding="utf-8"))
    [phq9] = [e["resource"] for e in bundle["entry"]
              if e["resource"]["resourceType"] == "QuestionnaireResponse" and "phq9" in e["resource"]["questionnaire"]]
    assert phq9["item"][0]["text"] == old_words["question"]


def test_a_tampered_definition_is_refused_by_name(clinic: Clinic, old_words: dict[str, str]) -> None:
    old_id = clinic.submit()
    with Store.open(clinic.settings) as store, store.engine.begin() as conn:
        row = form_definitions.c.hash == old_words["phq9"]
        body = conn.execute(sa.select(form_definitions.c.body).where(row)).scalar_one()
        forged = bytes(body).replace(old_words["question"].encode(), b"Something the patient never read")
        assert forged != bytes(body)
        conn.execute(sa.update(form_definitions).where(row).values(body=forged))
    for fmt in ("pdf", "fhir"):
        run = clinic.export(old_id, fmt)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert f"stored definition of form 'phq9' version {old_words['version']} (sha256 {old_words['phq9']})" in run.stderr
        assert "altered" in run.stderr and "Odile" not in run.stderr
    assert not clinic.out.exists() or not list(clinic.out.iterdir())


def test_validate_refuses_new_content_under_a_stored_version(clinic: Clinic, old_words: dict[str, str]) -> None:
    assert kiosk(clinic.env, "forms", "validate", str(clinic.forms)).returncode == 0  # nothing stored yet
    clinic.submit()
    assert kiosk(clinic.env, "forms", "validate", str(clinic.forms)).returncode == 0
    reword(clinic, bump=False)
    run = kiosk(clinic.env, "forms", "validate", str(clinic.forms))
    assert run.returncode == 1, run.stdout
    lines = run.stdout.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [[str(clinic.forms / "consent.yaml"), "version"],
                                                         [str(clinic.forms / "phq9.yaml"), "version"]]
    assert lines[1].startswith(f"{clinic.forms / 'phq9.yaml'}: version: content changed but the version is "
                               f"still '{old_words['version']}' (stored sha256 {old_words['phq9'][:12]}…")
    reword(clinic)  # a new version: accepted again
    assert kiosk(clinic.env, "forms", "validate", str(clinic.forms)).returncode == 0


def test_validate_without_a_store_creates_none(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_DATA_DIR"] = str(tmp_path / "data")
    run = kiosk(env, "forms", "validate", str(BUNDLED_FORMS))
    assert (run.returncode, run.stderr) == (0, "")
    assert not (tmp_path / "data").exists()


def test_a_visit_spooled_while_the_store_was_down_keeps_its_words(
    tmp_path: Path, old_words: dict[str, str], clinic: Clinic
) -> None:
    if clinic.settings.db_url and not clinic.settings.db_url.startswith("sqlite"):
        pytest.skip("the store being down is simulated once, with the SQLite run")
    down = {**clinic.env, "KIOSK_DB_URL": "postgresql+psycopg://kiosk@127.0.0.1:1/nowhere"}
    run = kiosk(down, "submit", "--visit", "-", stdin=json.dumps(VISIT))
    assert run.returncode == 3 and "spool" in run.stderr, run.stderr
    spooled_id = run.stdout.strip()
    reword(clinic)  # the files change before the store is back
    text = pdf_text(clinic.exported(spooled_id, "pdf"))  # this start stores the spooled visit
    assert flat(old_words["question"]) in text and NEW_QUESTION not in text
    assert f"sha256 {old_words['consent_hash']}" in text


def _without_hashes(submission: Any) -> Any:
    """The visit as the kiosk stored it before definitions were kept."""
    responses = {f: r.model_copy(update={"definition": None}) for f, r in submission.responses.items()}
    return submission.model_copy(update={"responses": responses})


def test_visits_stored_before_definitions_were_kept_get_a_reconstruction(
    settings: Settings, make_submission: Any, forms_dir: Path, tmp_path: Path
) -> None:
    from kiosk.intake.answered import answered_library
    from kiosk.report.export import LocalExporter
    from kiosk.store.engine import make_engine
    from kiosk.store.keys import KeyStore
    from tests.store.old_schema import insert_old, migrate_to

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    legacy = _without_hashes(make_submission(name="Early Patient"))
    engine = make_engine(str(settings.db_url))
    with engine.begin() as conn:  # a store made by the kiosk before this change
        migrate_to(conn, "0002")
        insert_old(conn, legacy, KeyStore.load(settings, create_key=True, create_pepper=True))
    engine.dispose()

    library = load_library(forms_dir)
    with Store.open(settings) as store:  # the first start after the upgrade
        pinned = store.pinned_forms(store.get(legacy.id, actor="t"))
        assert pinned["phq9"].reconstructed and pinned["phq9"].digest == library.canonical("phq9").digest
        answered = answered_library(library, legacy, pinned)
        assert "reconstructed" in answered.notes["phq9"]
        path = LocalExporter(library, settings).export(legacy, tmp_path / "out", "pdf", None, pinned)
        assert "(reconstructed)" in pdf_text(path)

        store.record_forms(library)
        store.add(make_submission(name="Later Patient"))
        uses = store.form_history("phq9", actor="t")
    assert [(u.digest, u.visits, u.reconstructed) for u in uses] == [
        (library.canonical("phq9").digest, 1, True), (library.canonical("phq9").digest, 1, False)]


def test_a_visit_whose_definition_was_never_stored_says_so(
    store: Store, make_submission: Any, notes_library: Any, tmp_path: Path
) -> None:
    """A caller that never recorded the forms: the visit is kept, and shown with a note when
    today's file is no longer the definition it was answered with."""
    from kiosk.intake.answered import answered_library

    submission = make_submission()
    store.add(submission)  # record_forms never called: the definition is unknown here
    assert store.pinned_forms(submission) == {}
    assert answered_library(notes_library, submission, {}).notes == {}  # same file: nothing to say
    changed = Clinic(tmp_path, "sqlite://")
    reword(changed)
    today = load_library(changed.forms)
    note = answered_library(today, submission, {}).notes["phq9"]
    assert submission.responses["phq9"].definition in note and "today's file" in note


def test_validate_with_an_unreachable_store_says_so_and_judges_the_files(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_DB_URL="postgresql+psycopg://kiosk@127.0.0.1:1/none")
    run = kiosk(env, "forms", "validate", str(BUNDLED_FORMS))
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert run.stderr.startswith("kiosk: content not compared with the stored versions")


PRINTER, CUPS_OUT = os.environ.get("KIOSK_TEST_PRINTER"), os.environ.get("KIOSK_TEST_CUPS_OUT")


@pytest.mark.skipif(not (PRINTER and CUPS_OUT), reason="KIOSK_TEST_PRINTER/KIOSK_TEST_CUPS_OUT not set")
def test_printing_an_old_visit_uses_its_words(clinic: Clinic, old_words: dict[str, str]) -> None:
    from tests.report.test_printing import wait_for_output

    if clinic.settings.db_url and not clinic.settings.db_url.startswith("sqlite"):
        pytest.skip("printing is the same code on either database; the SQLite run covers it")
    assert PRINTER and CUPS_OUT
    old_id = clinic.submit()
    reword(clinic)
    short = old_id.replace("-", "")[:8]
    failed = kiosk({**clinic.env, "KIOSK_PRINTER": "NoSuchPrinter"}, "print", old_id)
    assert failed.returncode == 1, failed.stderr
    for args in (("print", "--retry"), ("print", old_id)):  # the queued job, then a new print
        run = kiosk({**clinic.env, "KIOSK_PRINTER": PRINTER}, *args)
        assert run.returncode == 0, run.stderr
        output = wait_for_output(Path(CUPS_OUT), short)
        text = pdf_text(output)
        output.unlink()
        assert flat(old_words["question"]) in text and NEW_QUESTION not in text
