"""The visit's patient as a FHIR R4 Patient: name parts, birth date, birth sex, identifier.

The kiosk asks for the legal name in one field. ``name.text`` keeps it exactly as entered;
``family`` is its last word and ``given`` the words before, which is what a receiving EHR
matches on. For names whose family part is several words (``López García``) that split is
a guess, which is why ``text`` stays the authority and the importer reads ``text`` first.

Gender: the check-in asks the sex assigned at birth (for the USAUDIT's wording and
cut-offs), not administrative gender, so ``Patient.gender`` is left out rather than filled
with a different fact; the answer travels as the US Core ``birthsex`` extension (F, M, or
UNK for "another answer, or I prefer not to say"). Without ``gender`` the Patient does not
meet US Core Patient (gender 1..1), so it claims no profile.

Identifier: the clinic's MRN when the caller has one, else the kiosk's patient key
(``KeyStore.patient_key``): stable across visits, and neither the name nor the blind index
can be computed from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote
from typing import Any

from kiosk.intake.submission import Patient, Submission
from kiosk.report.fhir_common import IDENTIFIER_TYPE_SYSTEM, MRN_SYSTEM_FALLBACK, PATIENT_KEY_SYSTEM

US_CORE_BIRTH_SEX = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex"
BIRTH_SEX_ITEM = ("checkin", "sex_at_birth")
"""Where the visit records the sex assigned at birth (LOINC 76689-9 on the check-in)."""
_BIRTH_SEX_CODES = {"female": "F", "male": "M"}


@dataclass(frozen=True)
class PatientIdentifier:
    """One ``Patient.identifier``: the clinic's MRN system and value, or the kiosk patient key."""

    system: str
    value: str

    @classmethod
    def kiosk_key(cls, key: str) -> PatientIdentifier:
        """The kiosk's own patient key (``KeyStore.patient_key``)."""
        return cls(PATIENT_KEY_SYSTEM, key)

    @classmethod
    def mrn(cls, mrn: str, system: str | None) -> PatientIdentifier:
        """The clinic's MRN under its configured ``mrn_system`` (a kiosk stand-in system without one)."""
        return cls(system or MRN_SYSTEM_FALLBACK, mrn)

    @classmethod
    def of(cls, patient: Patient, mrn_system: str | None, kiosk_key: str) -> PatientIdentifier:
        """The MRN when the visit has one, else the kiosk patient key ``kiosk_key``."""
        return cls.mrn(patient.mrn, mrn_system) if patient.mrn else cls.kiosk_key(kiosk_key)

    def as_fhir(self) -> dict[str, Any]:
        """The Identifier element: an MRN is ``official`` with type v2-0203 ``MR``; our key ``secondary``."""
        if self.system == PATIENT_KEY_SYSTEM:
            return {"use": "secondary", "system": self.system, "value": self.value}
        kind = {"coding": [{"system": IDENTIFIER_TYPE_SYSTEM, "code": "MR", "display": "Medical record number"}]}
        return {"use": "official", "type": kind, "system": self.system, "value": self.value}

    def search(self) -> str:
        """The ``identifier=system|value`` search a conditional create uses."""
        return f"identifier={self.system}|{quote(self.value, safe='')}"


def split_name(text: str) -> dict[str, Any]:
    """``{"text", "family", "given"}`` of a name typed in one field (see module docstring)."""
    words = text.split()
    name: dict[str, Any] = {"text": text}
    if words:
        name["family"] = words[-1]
    if len(words) > 1:
        name["given"] = words[:-1]
    return name


def birth_sex(submission: Submission) -> str | None:
    """The US Core birth sex code of the visit's check-in answer (None when not asked)."""
    form_id, item_id = BIRTH_SEX_ITEM
    response = submission.responses.get(form_id)
    answer = response.answers.get(item_id) if response else None
    if answer is None:
        return None
    return _BIRTH_SEX_CODES.get(str(answer), "UNK")


def patient_resource(
    patient: Patient, identifier: PatientIdentifier | None = None, sex_at_birth: str | None = None
) -> dict[str, Any]:
    """The Patient: legal name (split, ``text`` as entered), preferred name, birth date, phone."""
    names = [{"use": "official", **split_name(patient.legal_name)}]
    if patient.preferred_name:
        names.append({"use": "usual", "text": patient.preferred_name, "given": patient.preferred_name.split()})
    resource: dict[str, Any] = {"resourceType": "Patient"}
    if sex_at_birth:
        resource["extension"] = [{"url": US_CORE_BIRTH_SEX, "valueCode": sex_at_birth}]
    if identifier is not None:
        resource["identifier"] = [identifier.as_fhir()]
    resource["name"] = names
    if patient.phone:
        resource["telecom"] = [{"system": "phone", "value": patient.phone}]
    resource["birthDate"] = patient.date_of_birth.isoformat()
    return resource
