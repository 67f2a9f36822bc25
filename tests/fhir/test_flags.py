"""Raised flags travel in the visit Bundle as FHIR Flags with their category and severity,
and a bundle read back is scored to the same categorised flags."""

from __future__ import annotations

import json

from fhir.resources.R4B.flag import Flag

from kiosk.forms import FormLibrary
from kiosk.intake.visit import build_submission
from kiosk.report.fhir import visit_bundle_json, visit_from_bundle
from kiosk.report.fhir_flags import FLAG_CATEGORY_SYSTEM, HL7_FLAG_CATEGORY, category_of
from tests.report.full_visit import VISIT_TIME, full_visit


def test_each_raised_flag_is_a_fhir_flag_with_its_category(library: FormLibrary) -> None:
    visit = build_submission(library, full_visit(safety={"liver_disease": True}), kiosk_id="k",
                             now=VISIT_TIME)
    bundle = json.loads(visit_bundle_json(visit, library))
    flags = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Flag"]
    assert sorted((f["code"]["coding"][0]["code"], category_of(f)) for f in flags) == sorted(
        (f.id, f.category) for f in visit.flags)
    assert {category_of(f) for f in flags} == {"crisis", "infusion", "clinical"}
    patient = next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    for resource in flags:
        Flag.model_validate(resource)  # a valid R4 Flag
        assert resource["status"] == "active" and resource["subject"]["reference"] == patient
        systems = {c["system"] for c in resource["category"][0]["coding"]}
        assert systems == {FLAG_CATEGORY_SYSTEM, HL7_FLAG_CATEGORY}
    phq9 = next(f for f in flags if f["code"]["coding"][0]["code"] == "phq9_item9")
    priority = phq9["extension"][0]["valueCodeableConcept"]
    assert (priority["coding"][0]["code"], priority["text"]) == ("PH", "critical")
    hl7 = next(c for c in phq9["category"][0]["coding"] if c["system"] == HL7_FLAG_CATEGORY)
    assert hl7["code"] == "behavioral"


def test_round_trip_keeps_every_flag_and_category(library: FormLibrary) -> None:
    visit = build_submission(library, full_visit(), kiosk_id="k", now=VISIT_TIME)
    again = build_submission(library, visit_from_bundle(json.loads(visit_bundle_json(visit, library)),
                                                        library), kiosk_id="k", now=VISIT_TIME)
    assert [(f.id, f.severity, f.category) for f in again.flags] == [
        (f.id, f.severity, f.category) for f in visit.flags]
