"""The consent acknowledgment: text shown, agreement and a real drawn signature required."""

from __future__ import annotations

import base64

import pytest

from kiosk.forms import AnswerError, FormLibrary, ItemType, check_answers, score_form
from tests.forms.signature import png_bytes, signature_data_url

NOT_A_PNG = "data:image/png;base64," + base64.b64encode(b"GIF89a" + png_bytes()[8:]).decode()


def test_items_and_plain_language_text(library: FormLibrary) -> None:
    form = library.form("consent")
    assert [(i.id, i.type, i.required) for i in form.items] == [
        ("consent_text", ItemType.info, False),
        ("agree", ItemType.yes_no, True),
        ("signature", ItemType.signature, True),
    ]
    text = form.item("consent_text").text
    for phrase in ("off-label", "not approved by the FDA", "stop", "Do not drive", "privacy", "40 minutes"):
        assert phrase in text.get("en"), phrase
    for phrase in ("fuera de indicación", "No maneje", "privacidad"):
        assert phrase in text.get("es"), phrase
    assert "Clinic-authored" in form.source and "Clinic-authored" in form.licence


def test_agreed_and_signed_is_accepted_without_flags(library: FormLibrary) -> None:
    form = library.form("consent")
    answers = {"agree": True, "signature": signature_data_url()}
    assert check_answers(form, answers) == answers
    assert score_form(form, answers).flags == []


def test_not_agreeing_warns_the_team(library: FormLibrary) -> None:
    form = library.form("consent")
    clean = check_answers(form, {"agree": False, "signature": signature_data_url()})
    assert [(f.id, f.severity) for f in score_form(form, clean).flags] == [("consent_not_confirmed", "warning")]


def test_info_item_takes_no_answer(library: FormLibrary) -> None:
    clean = check_answers(library.form("consent"), {"consent_text": "x", "agree": True, "signature": signature_data_url()})
    assert "consent_text" not in clean


@pytest.mark.parametrize(
    ("answers", "problems"),
    [
        ({"agree": True}, ["consent.signature: required answer missing"]),
        ({"signature": signature_data_url()}, ["consent.agree: required answer missing"]),
        ({"agree": True, "signature": "Jane Doe"},
         ["consent.signature: must be a drawn signature (data:image/png;base64,...)"]),
        ({"agree": True, "signature": "data:image/png;base64,not*base64"},
         ["consent.signature: must be a drawn signature (data:image/png;base64,...)"]),
        ({"agree": True, "signature": NOT_A_PNG},
         ["consent.signature: must be a drawn signature (data:image/png;base64,...)"]),
    ],
)
def test_missing_or_fake_signature_is_refused(
    library: FormLibrary, answers: dict[str, object], problems: list[str]
) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(library.form("consent"), answers)
    assert caught.value.problems == problems
