"""The clinician PDF, checked through the text pypdf extracts from it."""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from kiosk.forms.variants import item_text
from kiosk.forms import FormLibrary
from kiosk.forms.checks import possible_range
from kiosk.forms.scoring import item_score, visible_items
from kiosk.intake.submission import Submission
from kiosk.intake.visit import build_submission
from kiosk.report.pdf import render_summary
from kiosk.report.wording import answer_text
from kiosk.settings import Settings
from tests.report.full_visit import full_visit
from tests.report.sample_forms import signature_data_url
from tests.report.conftest import (
    PAGE_OF, PHQ9_ANSWERS, VISIT_TIME, body_text, flat, make_visit, page_texts, sink_answers,
)

GENERATED = dt.datetime(2026, 11, 25, 14, 20, tzinfo=dt.timezone.utc)


def _assert_every_answer_printed(visit: Submission, library: FormLibrary, text: str) -> int:
    """Each shown question with its answer (and item score where scored), in order; the count."""
    checked = 0
    for form_id, response in visit.responses.items():
        form = library.form(form_id)
        scored_ids = {i for rule in form.scores for i in rule.items}
        shown = visible_items(form, response.answers)
        for number, item in enumerate((i for i in form.items if i.type.value != "info"), start=1):
            wording = flat(item_text(form, item, response.answers, visit.context()).en)  # "{days}" filled
            if item not in shown:
                assert f"{number} {wording} Not asked" in text
                continue
            answer = flat(answer_text(form, item, response.answers.get(item.id)))
            row = f"{number} {wording} "
            assert row in text, row
            after = text[text.index(row) + len(row):]
            if item.type.value == "signature":
                assert after.startswith("Signed ")
            else:
                assert after.removeprefix("⚠ ").startswith(answer), (form_id, item.id)
            if item.id in scored_ids:
                score = item_score(form, item, response.answers[item.id])
                assert after.removeprefix("⚠ ").removeprefix(answer).lstrip().startswith(str(score))
            checked += 1
    return checked


def test_every_answer_and_item_score_is_printed(sink_library: FormLibrary, settings: Settings) -> None:
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS, "sink": sink_answers()})
    text = body_text(render_summary(visit, sink_library, settings, now=GENERATED))
    assert _assert_every_answer_printed(visit, sink_library, text) == 10 + 10


def test_full_visit_of_every_shipped_form(library: FormLibrary, settings: Settings) -> None:
    # USAUDIT item 4 weekly: its dependence flag joins the Clinical group
    visit = build_submission(library, full_visit(usaudit={"q4": 3}), kiosk_id="lobby-1", now=VISIT_TIME)
    assert list(visit.responses) == list(library.protocol().forms)
    pdf = render_summary(visit, library, settings, now=GENERATED)
    text = body_text(pdf)
    assert _assert_every_answer_printed(visit, library, text) == 9 + 10 + 3 + 1 + 10 + 8 + 5 + 23 + 2
    pages = [flat(page) for page in page_texts(pdf)]
    first = pages[0]
    for flag in visit.flags:
        assert flat(flag.message) in first
    # six flags in three category groups may push the scores onto page 2, still before the
    # answer pages
    front = next(" ".join(pages[:n + 1]) for n, page in enumerate(pages)
                 if "Every question with the patient's answer follows" in page)
    assert first.index("Crisis —") < first.index("Infusion hold —") < first.index("Clinical —")
    assert first.index("Clinical —") < first.index(flat(library.form("usaudit").flags[0].message.en))
    first = front
    for form_id, response in visit.responses.items():
        form = library.form(form_id)
        for rule in form.scores:
            assert f"{flat(rule.title.en)} {response.scores[rule.id].value} " in first
    audit_c = first.index("USAUDIT-C")
    assert first.index("USAUDIT total") < audit_c < first.index("PHQ-9 total")
    # The safety screen's marked answers are repeated on page 1, the flagged PHQ-9 item 9
    # is highlighted on the answer pages.
    assert "Answers marked for review" in first
    assert "Safety check 3. Do you have high blood pressure, or take medicine for it? ⚠ Yes" in first
    assert "⚠ In the last 24 hours" in first
    assert "9 Thoughts that you would be better off dead or of hurting yourself in some way ⚠ Several days 1" in text
    assert "Please sign with your finger to confirm your answers. Signed Wed 25 Nov 2026, 14:14" in text


def test_page_one_lists_every_flag_and_every_score(sink_library: FormLibrary, settings: Settings) -> None:
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS, "sink": sink_answers()})
    first = flat(page_texts(render_summary(visit, sink_library, settings, now=GENERATED))[0])
    assert "NEEDS ATTENTION — 1 critical, 1 warning" in first
    assert len(visit.flags) == 2
    for flag in visit.flags:
        assert f"{flag.severity.upper()} " in first
        assert flat(flag.message) in first
    assert first.index("CRITICAL") < first.index("WARNING")
    # grouped by category: the crisis group (PHQ-9 item 9) before the infusion hold
    assert first.index("Crisis — suicide risk") < first.index("CRITICAL") \
        < first.index("Infusion hold — the infusion team clears these before dosing") \
        < first.index("WARNING")
    assert "Clinical — for the clinician" not in first  # no clinical flag: no empty group
    phq9 = sink_library.form("phq9")
    low, high = possible_range(phq9, phq9.score_rule("total"))
    assert f"PHQ-9 PHQ-9 total 12 {low}–{high} Moderate depression" in first
    assert "Sink total 2 0–2 Low mood" in first
    assert "No earlier visit of this patient on record" in first


def test_identity_and_accented_names(sink_library: FormLibrary, settings: Settings) -> None:
    for name in ("María José Núñez", "Zoë Ålvarez-Øster", "Nguyễn Thị Minh Khai"):
        visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS}, name=name, phone="555-201-3344")
        pdf = render_summary(visit, sink_library, settings, now=GENERATED)
        pages = [flat(t) for t in page_texts(pdf)]
        assert pages[0].count(name) == 2  # the large heading and the page header
        assert "7 Mar 1984 · age 42" in pages[0]
        assert "Wed 25 Nov 2026, 14:14" in pages[0]
        assert "lobby-1" in pages[0] and "English" in pages[0] and "555-201-3344" in pages[0]
        assert "Riverside Recovery Clinic" in pages[0]
        for page in pages:
            assert f"{name} · DOB 7 Mar 1984" in page
    fonts = _font_names(pdf)
    assert fonts == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}  # embedded subsets only


def _font_names(pdf: bytes) -> set[str]:
    """Every font the pages use; each must carry its embedded TrueType program."""
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"], font
            names.add(str(font["/BaseFont"]))
    return names


def test_every_page_has_footer_and_numbering(sink_library: FormLibrary, settings: Settings) -> None:
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS, "sink": sink_answers()})
    pages = page_texts(render_summary(visit, sink_library, settings, now=GENERATED))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        page = flat(page)
        assert PAGE_OF.findall(page) == [(str(number), str(len(pages)))]
        assert "Confidential — protected health information" in page
        assert "Forms: phq9 v1.1.0 · sink v2.1.0" in page
        assert "Generated Wed 25 Nov 2026, 14:20" in page


def test_no_flags_says_so(sink_library: FormLibrary, settings: Settings) -> None:
    visit = make_visit(sink_library, {"phq9": {f"q{i}": 0 for i in range(1, 10)}})
    assert visit.flags == []
    first = flat(page_texts(render_summary(visit, sink_library, settings))[0])
    assert "✓ No flags" in first
    assert "NEEDS ATTENTION" not in first and "CRITICAL" not in first
    assert "PHQ-9 PHQ-9 total 0 0–27 Minimal depression" in first


def test_positive_safety_answers_highlighted_and_skips_shown(
    sink_library: FormLibrary, settings: Settings
) -> None:
    visit = make_visit(sink_library, {"sink": sink_answers(mood=0, followup=None, notes="")})
    text = body_text(render_summary(visit, sink_library, settings))
    assert "Are you pregnant? ⚠ Yes" in text
    assert "Medicines you take ⚠ Benzodiazepines; MAO inhibitors" in text
    assert "Mood today Good 0" in text  # not highlighted: the form marks no code of it
    assert "Why is your mood low? Not asked (skipped by the form's rules)" in text
    assert "Anything else? — No answer" in text
    clean = make_visit(sink_library, {"sink": sink_answers(pregnant=False, meds=["none"])})
    text = body_text(render_summary(clean, sink_library, settings))
    assert "⚠" not in text.replace("⚠ NEEDS ATTENTION", "")
    assert "Are you pregnant? No" in text


def test_consent_text_signature_image_and_time(sink_library: FormLibrary, settings: Settings) -> None:
    visit = make_visit(sink_library, {"sink": sink_answers()})
    pdf = render_summary(visit, sink_library, settings)
    assert "I consent to the treatment described to me." in body_text(pdf)
    assert "Sign here Signed Wed 25 Nov 2026, 14:14" in body_text(pdf)
    images = [img for page in PdfReader(BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 1
    assert images[0].image.size == (300, 90)


def test_damaged_signature_is_reported_not_fatal(sink_library: FormLibrary, settings: Settings) -> None:
    png = base64.b64decode(signature_data_url().split(",", 1)[1])
    damaged = "data:image/png;base64," + base64.b64encode(png[:90]).decode()  # image data cut off
    visit = make_visit(sink_library, {"sink": sink_answers(sig=damaged)})
    text = body_text(render_summary(visit, sink_library, settings))
    assert "Sign here Signature image unreadable" in text


def test_spanish_visit_shows_english_questions_and_notes_language(
    sink_library: FormLibrary, settings: Settings
) -> None:
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS, "sink": sink_answers()}, language="es")
    pdf = render_summary(visit, sink_library, settings)
    first = flat(page_texts(pdf)[0])
    assert "Language used Spanish (español)" in first
    text = body_text(pdf)
    assert text.count("Answered in Spanish (español).") == 2
    assert "2 Feeling down, depressed, or hopeless Nearly every day shown as: “Casi todos los días” 3" in text
    assert "Are you pregnant? ⚠ Yes shown as: “Sí”" in text
    assert "Poco interés" not in text  # the Spanish question wording is not what the clinician reads


def test_change_since_previous_visit(sink_library: FormLibrary, settings: Settings) -> None:
    before = make_visit(sink_library, {"phq9": {f"q{i}": 1 for i in range(1, 10)}},
                        when=VISIT_TIME - dt.timedelta(days=30))
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS, "sink": sink_answers()})
    first = flat(page_texts(render_summary(visit, sink_library, settings, previous=before))[0])
    assert "Change since 26 Oct 2026" in first
    assert "Moderate depression ▲ up 3 (was 9)" in first
    assert "Low mood not scored last visit" in first
    lower = make_visit(sink_library, {"phq9": {f"q{i}": 0 for i in range(1, 10)}})
    first = flat(page_texts(render_summary(lower, sink_library, settings, previous=before))[0])
    assert "Minimal depression ▼ down 9 (was 9)" in first


def test_clinic_logo_from_settings(sink_library: FormLibrary, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 80), (20, 90, 140)).save(logo)
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS})
    pdf = render_summary(visit, sink_library, Settings(clinic_name="Clinic", clinic_logo=logo))
    first_page = PdfReader(BytesIO(pdf)).pages[0]
    assert [img.image.size for img in first_page.images] == [(200, 80)]


def test_form_missing_from_library_still_shows_raw_answers(
    sink_library: FormLibrary, library: FormLibrary, settings: Settings
) -> None:
    visit = make_visit(sink_library, {"phq9": PHQ9_ANSWERS, "sink": sink_answers(notes="kept")})
    text = body_text(render_summary(visit, library, settings))  # library without "sink"
    assert "This form is not in the current form library" in text
    assert "notes 'kept'" in text


def test_reportlab_is_not_imported_until_a_pdf_is_rendered() -> None:
    code = ("import sys, kiosk.cli, kiosk.report.export, kiosk.report.printing; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
