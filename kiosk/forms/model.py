"""Questionnaire definitions as frozen pydantic models (no Qt, no I/O).

A YAML file under ``forms/`` is parsed into a :class:`FormDefinition`. Every model
forbids unknown keys so that a typo in a clinic's YAML is an error, not a silent no-op.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

LANGUAGES: tuple[str, ...] = ("en", "es")
"""Every patient-facing text must exist in each of these languages."""

AnswerCode = Union[bool, int, str]
"""An option's code: the published score for scored instruments, true/false for yes/no."""

Answer = Union[bool, int, float, str, list[AnswerCode], None]
"""What a patient can give for one item (a list only for multiple choice)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class LocalizedText(RootModel[dict[str, str]]):
    """A text in every kiosk language, e.g. ``{en: "Yes", es: "Sí"}``."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _every_language(self) -> "LocalizedText":
        missing = [lang for lang in LANGUAGES if not self.root.get(lang, "").strip()]
        if missing:
            raise ValueError(f"text missing in language(s): {', '.join(missing)}")
        return self

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to English."""
        return self.root.get(language) or self.root.get("en") or ""

    @property
    def en(self) -> str:
        return self.get("en")


class ItemType(str, Enum):
    """The kinds of question a form may hold; each maps to one widget in the UI."""

    single_choice = "single_choice"
    multiple_choice = "multiple_choice"
    yes_no = "yes_no"
    text = "text"
    number = "number"
    date = "date"
    time = "time"
    phone = "phone"
    signature = "signature"
    info = "info"


CHOICE_TYPES = frozenset({ItemType.single_choice, ItemType.multiple_choice, ItemType.yes_no})


class Option(_Frozen):
    """One answer choice: the code stored, the score it contributes, its label."""

    code: AnswerCode = Field(description="Stored value; the published score for scored items")
    score: int | None = Field(default=None, description="Points this option adds to sums")
    label: LocalizedText = Field(description="Text on the button, per language")
    exclusive: bool = Field(
        default=False,
        description="Multiple choice: this option cannot be chosen with others (e.g. 'None of these')",
    )
    loinc: str | None = Field(
        default=None,
        pattern=r"^LA[0-9]{1,8}-[0-9]$",
        description="LOINC answer code (LA...), so FHIR answers coded in LOINC map to this option",
    )
    loinc_display: str | None = Field(
        default=None,
        description="LOINC's name of that answer where it differs from the English label "
        "('7 to 9' for '7, 8, or 9'), so a FHIR answer sent by its display text alone still maps",
    )


Operator = Literal["==", "!=", ">=", ">", "<=", "<", "in", "not_in", "exists"]

FlagCategory = Literal["crisis", "infusion", "clinical"]
"""Who must act on a flag: ``crisis`` suicide risk (the patient sees the calm crisis note,
staff are alerted), ``infusion`` the infusion team clears it before dosing, ``clinical``
for the clinician."""

FLAG_CATEGORIES: tuple[FlagCategory, ...] = ("crisis", "infusion", "clinical")

ClinicLimit = Literal["fasting_food_hours", "fasting_clear_hours"]
"""A number the clinic sets (``KIOSK_FASTING_FOOD_HOURS`` ...) that a condition may compare with."""


class Condition(_Frozen):
    """A test on one answered item, the sum of several item scores, a score rule, or the
    hours between a time answer and the visit.

    Exactly one of ``item``, ``sum_of``, ``score`` or ``hours_since`` is given. ``item``
    compares the answer's code; ``sum_of`` compares the sum of the named items' scores;
    ``score`` compares a score rule's value; ``hours_since`` compares the hours from a time
    item's answer (today, or yesterday if later than the visit) to the visit time, with
    ``value`` or with the clinic setting named by ``setting``. An unanswered (or hidden) item
    makes an ``item`` condition false, except ``exists`` with value false; a visit without a
    time makes ``hours_since`` false.

    With ``form``, ``item`` names an item of another form of the same visit (e.g. the
    check-in's ``sex_at_birth``), so one instrument can word or band itself by another's
    answers. With ``as_age``, a date answer is compared as whole years of age on the day of
    the visit. An unknown answer or age makes the condition false, so a form's default
    (unconditioned) wording and bands are the ones used when nothing is known.
    """

    item: str | None = Field(default=None, description="Item id whose answer is tested")
    form: str | None = Field(
        default=None, description="With item: the id of another form of the visit that holds the item"
    )
    as_age: bool = Field(
        default=False, description="With item: the answer is a date; compare the age in whole years on the visit day"
    )
    sum_of: tuple[str, ...] | None = Field(default=None, description="Item ids whose scores are summed")
    score: str | None = Field(default=None, description="Score rule id whose value is tested")
    hours_since: str | None = Field(
        default=None, description="Time item id: hours from its answer to the visit time are tested"
    )
    band: str | None = Field(default=None, description="With score: the band id must equal this")
    operator: Operator = Field(default="==", description="How the value is compared")
    value: AnswerCode | list[AnswerCode] | None = Field(default=None, description="Compared value")
    setting: ClinicLimit | None = Field(
        default=None, description="With hours_since: compare with this clinic setting instead of value"
    )

    @model_validator(mode="after")
    def _one_subject(self) -> "Condition":
        given = [n for n in ("item", "sum_of", "score", "hours_since") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of item, sum_of, score or hours_since")
        if self.band is not None and self.score is None:
            raise ValueError("band is only allowed together with score")
        if (self.form is not None or self.as_age) and self.item is None:
            raise ValueError("form and as_age are only allowed together with item")
        if self.setting is not None and self.hours_since is None:
            raise ValueError("setting is only allowed together with hours_since")
        if self.setting is not None and self.value is not None:
            raise ValueError("give value or setting, not both")
        if self.hours_since is not None and self.operator not in (">=", ">", "<=", "<"):
            raise ValueError("hours_since compares with one of >=, >, <=, <")
        if (self.band is None and self.setting is None and self.operator != "exists"
                and self.value is None):
            raise ValueError("value is required for this operator")
        return self


class EnableWhen(_Frozen):
    """Skip logic: the item is shown only when these conditions hold."""

    conditions: tuple[Condition, ...] = Field(min_length=1, description="Tests on earlier answers")
    behavior: Literal["all", "any"] = Field(default="all", description="Combine with AND or OR")


class TextVariant(_Frozen):
    """Other wording of an item, shown when its conditions hold (first matching variant wins).

    E.g. USAUDIT item 3 asks about "5 or more drinks" for men up to 65 and "4 or more" for
    everyone else; the item's own ``text`` is the default, used when no variant holds.
    """

    conditions: tuple[Condition, ...] = Field(min_length=1, description="Tests on answers of this or another form")
    behavior: Literal["all", "any"] = Field(default="all", description="Combine with AND or OR")
    text: LocalizedText = Field(description="The question as published for this case, per language")


class Item(_Frozen):
    """One question (or an information text) shown on its own screen."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="Stable id, e.g. q1")
    type: ItemType = Field(description="Kind of question; picks the widget")
    text: LocalizedText = Field(description="The question as published, per language")
    text_variants: tuple[TextVariant, ...] = Field(
        default=(), description="Other wordings chosen by conditions; text is used when none holds"
    )
    help: LocalizedText | None = Field(default=None, description="A short hint under the question")
    required: bool = Field(default=True, description="Must be answered when shown")
    options: str | tuple[Option, ...] | None = Field(
        default=None, description="Name of an option set, or inline options (choice types)"
    )
    enable_when: EnableWhen | None = Field(default=None, description="Skip logic")
    min: float | None = Field(default=None, description="number: smallest allowed value")
    max: float | None = Field(default=None, description="number: largest allowed value")
    max_length: int | None = Field(default=None, description="text: longest allowed answer")
    highlight: tuple[AnswerCode, ...] = Field(
        default=(), description="Answer codes the clinician summary highlights"
    )
    patient_field: Literal["legal_name", "preferred_name", "date_of_birth", "phone"] | None = Field(
        default=None, description="Check-in items that fill the patient's identity"
    )
    loinc: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,8}-[0-9]$",
        description="LOINC code of this question: FHIR item code, and a linkId other systems may use",
    )
    typing: Literal["name", "sentence"] | None = Field(
        default=None,
        description=(
            "text: where the on-screen keyboard puts capitals by itself: 'name' at the start of "
            "each word, 'sentence' only at the start of a sentence. Default: 'name' for a patient "
            "name or an id ending in _name, 'sentence' otherwise"
        ),
    )

    @property
    def is_name(self) -> bool:
        """Whether the answer is a person's name (each word starts with a capital)."""
        if self.typing is not None:
            return self.typing == "name"
        return self.patient_field in ("legal_name", "preferred_name") or self.id.endswith("_name")


class Band(_Frozen):
    """An inclusive score range with an interpretation, e.g. PHQ-9 10-14 moderate."""

    id: str = Field(description="Stable id, e.g. moderate")
    min: int = Field(description="Lowest score in the band (inclusive)")
    max: int = Field(description="Highest score in the band (inclusive)")
    label: LocalizedText = Field(description="Shown to staff and clinicians")


class BandVariant(_Frozen):
    """Other bands of a score, used when its conditions hold (first matching variant wins).

    E.g. published cut-offs that differ by sex: the rule's own ``bands`` are the default
    (the more cautious set), used when no variant holds.
    """

    conditions: tuple[Condition, ...] = Field(min_length=1, description="Tests on answers of this or another form")
    behavior: Literal["all", "any"] = Field(default="all", description="Combine with AND or OR")
    bands: tuple[Band, ...] = Field(min_length=1, description="Interpretation ranges for this case")


class ScoreRule(_Frozen):
    """How a score is computed from item scores, and how it is banded."""

    id: str = Field(description="Score name, e.g. total or audit_c")
    title: LocalizedText = Field(description="Shown in the summary")
    method: Literal["sum", "max"] = Field(default="sum", description="How item scores combine")
    items: tuple[str, ...] = Field(min_length=1, description="Item ids that contribute")
    loinc: str | None = Field(default=None, description="LOINC code of this score, if any")
    bands: tuple[Band, ...] = Field(default=(), description="Interpretation ranges")
    band_variants: tuple[BandVariant, ...] = Field(
        default=(), description="Other bands chosen by conditions; bands are used when none holds"
    )

    def band(self, band_id: str | None) -> Band | None:
        """The band with this id in the default bands or any variant (None if unknown)."""
        sets = (self.bands, *(v.bands for v in self.band_variants))
        return next((b for bands in sets for b in bands if b.id == band_id), None)


class Flag(_Frozen):
    """Something staff must see: raised when its conditions hold."""

    id: str = Field(description="Stable id, e.g. phq9_item9")
    severity: Literal["critical", "warning"] = Field(description="critical is shown first, in red")
    category: FlagCategory = Field(
        description="crisis (suicide risk: patient note, staff alert), infusion (cleared before "
        "dosing) or clinical (for the clinician)"
    )
    when: tuple[Condition, ...] = Field(min_length=1, description="Tests on answers or scores")
    behavior: Literal["all", "any"] = Field(default="any", description="Combine with AND or OR")
    message: LocalizedText = Field(description="What staff are told")


class FormDefinition(_Frozen):
    """One questionnaire: its items, option sets, score rules and flags."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Form id, e.g. phq9")
    version: str = Field(description="Bumped whenever wording or scoring changes")
    title: LocalizedText = Field(description="Form title per language")
    short_title: LocalizedText | None = Field(default=None, description="For progress lines")
    instructions: LocalizedText = Field(description="Shown before the first question")
    repeat_instructions: bool = Field(
        default=False,
        description=(
            "The instructions are the stem every item completes (PHQ-9's 'Over the last 2 weeks, "
            "how often...'), so each question shows them. Otherwise they get their own screen "
            "before the first question and the questions show the title as a reminder"
        ),
    )
    source: str = Field(description="Citation of the published instrument")
    licence: str = Field(description="Licence / terms of use, so a clinic can check")
    licence_required: str | None = Field(
        default=None,
        description="Set when the clinic needs a licence to run this form (shown on the form); "
        "a protocol using it loads only if KIOSK_LICENSED_FORMS lists the form id",
    )
    loinc: str | None = Field(default=None, description="LOINC panel code, if any")
    option_sets: dict[str, tuple[Option, ...]] = Field(default_factory=dict)
    items: tuple[Item, ...] = Field(min_length=1)
    scores: tuple[ScoreRule, ...] = Field(default=())
    flags: tuple[Flag, ...] = Field(default=())

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def options_of(self, item: Item) -> tuple[Option, ...]:
        """The options of a choice item, resolving option-set names and yes/no defaults."""
        if isinstance(item.options, str):
            return self.option_sets[item.options]
        if item.options:
            return item.options
        if item.type is ItemType.yes_no:
            return YES_NO_OPTIONS
        return ()

    def score_rule(self, score_id: str) -> ScoreRule:
        for rule in self.scores:
            if rule.id == score_id:
                return rule
        raise KeyError(score_id)


YES_NO_OPTIONS: tuple[Option, ...] = (
    Option(code=True, score=1, label=LocalizedText({"en": "Yes", "es": "Sí"})),
    Option(code=False, score=0, label=LocalizedText({"en": "No", "es": "No"})),
)


class VisitProtocol(_Frozen):
    """Which forms a visit runs, in which order (e.g. a first infusion visit)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: LocalizedText
    forms: tuple[str, ...] = Field(min_length=1, description="Form ids in the order shown")

