"""A consent signed with a switch-access mark (an X drawn by Enter in scan mode) says so
wherever the signature is shown — the PDF's consent section, the FHIR attachment — and asks
staff to witness it; a drawn signature says nothing of the kind. The answer itself carries
it (``data:image/png;mark=switch;base64,…``), so it is stored and re-imported unchanged."""

from __future__ import annotations

import json
import re

import pytest

from kiosk.forms import FormLibrary
from kiosk.forms.answers import AnswerError
from kiosk.forms.signature_mark import MARK_PREFIX, SIGNED_WITH_MARK, as_mark
from kiosk.intake.visit import VisitError
from kiosk.report.fhir import visit_bundle_json, visit_from_bundle
from kiosk.report.pdf import render_summary
from kiosk.settings import Settings
from tests.report.conftest import body_text, make_visit, sink_answers
from tests.report.sample_forms import signature_data_url

WITNESS = SIGNED_WITH_MARK["en"]


def test_the_pdf_consent_section_asks_staff_to_witness_a_mark(sink_library: FormLibrary, settings: Settings) -> None:
    marked = make_visit(sink_library, {"sink": sink_answers(sig=as_mark(signature_data_url()))})
    text = body_text(render_summary(marked, sink_library, settings))
    # under the signature and its time (in the machine's zone), in the consent section
    assert re.search(r"Sign here Signed Wed 25 Nov 2026, 14:14 \S+ " + re.escape(WITNESS), text), text[-600:]
    drawn = make_visit(sink_library, {"sink": sink_answers()})
    assert "switch access" not in body_text(render_summary(drawn, sink_library, settings))


def test_the_fhir_attachment_carries_the_mark_and_it_comes_back(sink_library: FormLibrary) -> None:
    mark = as_mark(signature_data_url())
    visit = make_visit(sink_library, {"sink": sink_answers(sig=mark)})
    bundle = json.loads(visit_bundle_json(visit, sink_library))
    attachments = [answer["valueAttachment"] for entry in bundle["entry"]
                   if entry["resource"]["resourceType"] == "QuestionnaireResponse"
                   for item in entry["resource"].get("item", []) for answer in item.get("answer", [])
                   if "valueAttachment" in answer]
    assert len(attachments) == 1
    assert attachments[0]["contentType"] == "image/png;mark=switch"
    assert attachments[0]["title"] == WITNESS
    again = visit_from_bundle(bundle, sink_library)
    assert again["responses"]["sink"]["sig"] == mark
    drawn = json.loads(visit_bundle_json(make_visit(sink_library, {"sink": sink_answers()}), sink_library))
    assert "switch" not in json.dumps(drawn)


def test_a_mark_that_is_not_a_png_is_refused_without_echoing_it(sink_library: FormLibrary) -> None:
    with pytest.raises((VisitError, AnswerError)) as refused:
        make_visit(sink_library, {"sink": sink_answers(sig=MARK_PREFIX + "bm90IGEgcG5n")})
    assert "bm90IGEgcG5n" not in str(refused.value)
