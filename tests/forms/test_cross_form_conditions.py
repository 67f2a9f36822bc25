"""Conditions that read another form (``form:``) or an age (``as_age:``): broken references
and protocol order are reported with the file and path a clinic editor needs."""

from __future__ import annotations

from pathlib import Path

from tests.forms.test_malformed_files import _break, _problems

SEX = "{form: checkin, item: sex_at_birth, operator: \"==\", value: male}"


def test_a_checkin_without_the_item_read_is_reported(forms_copy: Path) -> None:
    checkin = forms_copy / "checkin.yaml"
    checkin.write_text(checkin.read_text(encoding="utf-8").replace("- id: sex_at_birth", "- id: sex"), encoding="utf-8")
    usaudit = str(forms_copy / "usaudit.yaml")
    lines = _problems(forms_copy)
    assert f"{usaudit}: items.q3.text_variants.0.conditions.0: names item 'sex_at_birth', which form 'checkin' does not have" in lines
    assert f"{usaudit}: scores.total.band_variants.0.conditions.0: names item 'sex_at_birth', which form 'checkin' does not have" in lines
    assert any(line.startswith(str(forms_copy / "audit.yaml")) for line in lines)


def test_unknown_form_and_age_of_a_non_date_item(forms_copy: Path) -> None:
    name = _break(forms_copy, "audit.yaml", SEX, "{form: intake, item: sex_at_birth, operator: \"==\", value: male}")
    lines = _problems(forms_copy)
    assert lines[0].startswith(f"{name}: scores.audit_c.band_variants.0.conditions.0: names unknown form 'intake'")
    _break(forms_copy, "audit.yaml", "{form: intake, item: sex_at_birth,", "{form: checkin, item: phone, as_age: true,")
    assert _problems(forms_copy) == [
        f"{name}: scores.audit_c.band_variants.0.conditions.0: as_age needs a date item; checkin.phone is a phone item"]


def test_a_form_naming_itself_is_told_to_leave_form_out(forms_copy: Path) -> None:
    name = _break(forms_copy, "usaudit.yaml", "{item: q4, operator: \">=\", value: 3}",
                  "{form: usaudit, item: q4, operator: \">=\", value: 3}")
    assert _problems(forms_copy) == [
        f"{name}: flags.usaudit_dependence_items.when.0: names its own form 'usaudit'; leave out form for this form's items"]


def test_form_only_goes_with_item(forms_copy: Path) -> None:
    name = _break(forms_copy, "usaudit.yaml", "{sum_of: [q2, q3], operator: \">=\", value: 1}",
                  "{sum_of: [q2, q3], form: checkin, operator: \">=\", value: 1}")
    lines = _problems(forms_copy)
    assert lines[0].startswith(f"{name}: items.q4.enable_when.conditions.1")
    assert "form and as_age are only allowed together with item" in lines[0]


def test_band_variants_keep_the_default_band_ids(forms_copy: Path) -> None:
    name = _break(forms_copy, "usaudit.yaml", "          - {id: positive, min: 8, max: 18, label: *c_positive}",
                  "          - {id: high, min: 8, max: 18, label: *c_positive}")
    assert _problems(forms_copy) == [
        f"{name}: scores.usaudit_c.band_variants.0.bands: must have the same band ids as the default bands (negative, positive)"]


def test_band_variants_must_cover_the_range(forms_copy: Path) -> None:
    name = _break(forms_copy, "usaudit.yaml", "          - {id: positive, min: 8, max: 18, label: *c_positive}",
                  "          - {id: positive, min: 9, max: 18, label: *c_positive}")
    assert _problems(forms_copy) == [f"{name}: scores.usaudit_c.band_variants.0.bands: gap: no band covers 8"]


def test_protocol_must_ask_the_form_read_first(forms_copy: Path) -> None:
    name = _break(forms_copy, "protocols/default.yaml", "forms: [checkin, usaudit,", "forms: [usaudit, checkin,")
    assert _problems(forms_copy) == [
        f"{name}: forms: form 'usaudit' reads answers of 'checkin', so 'checkin' must come first"]


def test_skip_logic_stays_within_its_form(forms_copy: Path) -> None:
    name = _break(forms_copy, "usaudit.yaml", "        - {item: q1, operator: \">=\", value: 1}\n  - id: q3",
                  "        - {form: checkin, item: sex_at_birth, operator: \"==\", value: male}\n  - id: q3")
    assert _problems(forms_copy) == [
        f"{name}: items.q2.enable_when.conditions.0: skip logic cannot read another form; use text_variants or band_variants"]
