"""One test per kind of malformed form file, asserting the exact line a clinic editor reads.

Each test copies the bundled forms (fixture ``forms_copy``), breaks one file and checks
``load_library``'s problems, printed as ``file: path.to.field: what is wrong``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.forms import FormLibrary, FormLoadError, load_library
from kiosk.forms.loader import validate_directory

Q2 = "  - id: q2\n    type: single_choice\n    options: frequency\n"


def _break(folder: Path, name: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) in one file; its display name."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(FormLoadError) as caught:
        load_library(folder)
    lines = [str(p) for p in caught.value.problems]
    assert [str(p) for p in validate_directory(folder)] == lines
    assert str(caught.value) == "\n".join(lines)
    return lines


def _line_of(folder: Path, name: str, start: str) -> int:
    """1-based number of the first line of ``name`` starting with ``start``."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_bundled_forms_are_valid(forms_copy: Path) -> None:
    assert validate_directory(forms_copy) == []


def test_yaml_syntax_error_gives_the_line(forms_copy: Path) -> None:
    line = _line_of(forms_copy, "phq9.yaml", "short_title:")
    f = _break(forms_copy, "phq9.yaml", "short_title:", "\tshort_title:")
    assert _problems(forms_copy) == [
        f"{f}: line {line}, column 1: YAML syntax error: found character '\\t' that cannot start "
        "any token; indent with spaces, not tabs"
    ]


def test_unclosed_quote_names_where_it_started(forms_copy: Path) -> None:
    path = forms_copy / "phq9.yaml"
    text = path.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 1
    path.write_text(text + 'notes: "unfinished\n', encoding="utf-8")
    assert _problems(forms_copy) == [
        f"{path}: line {line + 1}, column 1: YAML syntax error: found unexpected end of stream "
        f"(while scanning a quoted scalar, which starts on line {line})"
    ]


def test_misindented_line(forms_copy: Path) -> None:
    items_start = _line_of(forms_copy, "phq9.yaml", "  - id: q1")
    line = _line_of(forms_copy, "phq9.yaml", "  - id: q2") + 1
    f = _break(forms_copy, "phq9.yaml", Q2, Q2.replace("    type:", "  type:"))
    assert _problems(forms_copy) == [
        f"{f}: line {line}, column 3: YAML syntax error: expected <block end>, but found '?' "
        f"(while parsing a block collection, which starts on line {items_start}); "
        "check the indentation and closing quotes on this line and the lines above"
    ]


def test_duplicate_yaml_key(forms_copy: Path) -> None:
    line = _line_of(forms_copy, "phq9.yaml", "version:") + 1
    f = _break(forms_copy, "phq9.yaml", 'version: "1.1.0"\n', 'version: "1.1.0"\nversion: "1.1.1"\n')
    assert _problems(forms_copy) == [
        f"{f}: line {line}, column 1: duplicate key 'version' (each key may appear only once here)"
    ]


def test_file_that_is_not_a_mapping(forms_copy: Path) -> None:
    path = forms_copy / "notes.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert _problems(forms_copy) == [f"{path}: (top): a form file must be a mapping"]


def test_missing_id(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "\nid: phq9\n", "\n")
    # The protocol names phq9 too, but the broken file is the one problem to fix.
    assert _problems(forms_copy) == [f"{f}: id: missing field"]


def test_invalid_form_id(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "\nid: phq9\n", "\nid: PHQ-9\n")
    assert _problems(forms_copy) == [
        f"{f}: id: 'PHQ-9' is not a valid id: use lowercase letters, digits and _, starting with a letter"
    ]


def test_duplicate_item_id(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "  - id: difficulty\n", "  - id: q9\n")
    assert _problems(forms_copy) == [f"{f}: items.q9.id: duplicate id 'q9'"]


def test_option_without_score_where_a_rule_sums_it(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{code: 2, score: 2, label", "{code: 2, label")
    assert _problems(forms_copy) == [
        f"{f}: option_sets.frequency: option 2 has no score, but score 'total' adds up "
        "items q1, q2, q3, q4, q5, q6, q7, q8, q9"
    ]


def test_inline_option_without_score(forms_copy: Path) -> None:
    f = _break(
        forms_copy, "phq9.yaml", Q2,
        "  - id: q2\n    type: single_choice\n    options:\n"
        "      - {code: 0, score: 0, label: {en: 'No', es: 'No'}}\n"
        "      - {code: 1, label: {en: 'Yes', es: 'Sí'}}\n",
    )
    assert _problems(forms_copy) == [
        f"{f}: items.q2.options: option 1 has no score, but score 'total' adds up item q2"
    ]


def test_band_gap(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{id: mild, min: 5,", "{id: mild, min: 7,")
    assert _problems(forms_copy) == [f"{f}: scores.total.bands: gap: no band covers 5–6"]


def test_gap_at_the_top_of_the_range(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{id: severe, min: 20, max: 27,", "{id: severe, min: 20, max: 26,")
    assert _problems(forms_copy) == [
        f"{f}: scores.total.bands: gap: no band covers 27 (highest possible 27)"
    ]


def test_band_overlap(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{id: mild, min: 5,", "{id: mild, min: 3,")
    assert _problems(forms_copy) == [f"{f}: scores.total.bands.mild: overlap: 3–4 is also in band 'minimal'"]


def test_band_beyond_the_possible_range(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{id: severe, min: 20, max: 27,", "{id: severe, min: 20, max: 30,")
    assert _problems(forms_copy) == [
        f"{f}: scores.total.bands.severe: ends at 30, above the highest possible score 27"
    ]


def test_band_below_the_possible_range(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{id: minimal, min: 0,", "{id: minimal, min: -1,")
    assert _problems(forms_copy) == [
        f"{f}: scores.total.bands.minimal: starts at -1, below the lowest possible score 0"
    ]


def test_enable_when_names_an_unknown_item(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", Q2, Q2 + "    enable_when: {conditions: [{item: q99, value: 1}]}\n")
    assert _problems(forms_copy) == [f"{f}: items.q2.enable_when.conditions.0: names unknown item 'q99'"]


def test_enable_when_names_a_later_item(forms_copy: Path) -> None:
    f = _break(
        forms_copy, "phq9.yaml", Q2,
        Q2 + "    enable_when: {conditions: [{item: q3, operator: '>=', value: 1}]}\n",
    )
    assert _problems(forms_copy) == [
        f"{f}: items.q2.enable_when.conditions.0: names item 'q3', which does not come before this item"
    ]


def test_language_missing_from_a_text(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", ', es: "Poco interés o placer en hacer cosas"', "")
    assert _problems(forms_copy) == [f"{f}: items.q1.text: text missing in language(s): es"]


def test_text_given_without_languages(forms_copy: Path) -> None:
    f = _break(
        forms_copy, "safety.yaml",
        'short_title: {en: "Safety check", es: "Revisión de seguridad"}', 'short_title: "Safety check"',
    )
    assert _problems(forms_copy) == [
        f'{f}: short_title: must give the text in each language, e.g. {{en: "...", es: "..."}}'
    ]


def test_unknown_item_type(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", Q2, Q2.replace("single_choice", "slider"))
    assert _problems(forms_copy) == [
        f"{f}: items.q2.type: unknown item type 'slider' (allowed: single_choice, multiple_choice, "
        "yes_no, text, number, date, time, phone, signature, info)"
    ]


def test_unknown_flag_severity(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "severity: critical", "severity: urgent")
    assert _problems(forms_copy) == [
        f"{f}: flags.phq9_item9.severity: unknown value 'urgent' (allowed: critical, warning)"
    ]


def test_exclusive_option_outside_multiple_choice(forms_copy: Path) -> None:
    f = _break(forms_copy, "safety.yaml", '{code: unsure, label:', '{code: unsure, exclusive: true, label:')
    assert _problems(forms_copy) == [
        f"{f}: items.pregnant_or_breastfeeding.options: exclusive options only make sense in a multiple_choice item"
    ]


def test_unknown_option_set(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", Q2, Q2.replace("options: frequency", "options: frequncy"))
    assert _problems(forms_copy) == [
        f"{f}: items.q2.options: unknown option set 'frequncy' (defined in option_sets: frequency, difficulty)"
    ]


def test_unknown_field_typo(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", Q2, Q2 + "    requird: false\n")
    assert _problems(forms_copy) == [f"{f}: items.q2.requird: unknown field 'requird' (did you mean 'required'?)"]


def test_unknown_field_lists_what_is_allowed(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", "{code: 0, score: 0, label", "{code: 0, score: 0, colour: red, label")
    assert _problems(forms_copy) == [
        f"{f}: option_sets.frequency.0.colour: unknown field 'colour' (allowed here: code, score, label, exclusive, loinc, loinc_display)"
    ]


def test_unquoted_no_read_as_false(forms_copy: Path) -> None:
    f = _break(
        forms_copy, "phq9.yaml", '{code: 0, score: 0, label: {en: "Not at all", es: "Ningún día"}',
        '{code: 0, score: 0, label: {en: No, es: "Ningún día"}',
    )
    assert _problems(forms_copy) == [
        f"{f}: option_sets.frequency.0.label.en: must be text "
        "(YAML reads unquoted yes/no/on/off/true/false as true or false; use quotes)"
    ]


def test_number_where_text_is_expected(forms_copy: Path) -> None:
    f = _break(forms_copy, "phq9.yaml", 'version: "1.1.0"', "version: 1.0")
    assert _problems(forms_copy) == [f'{f}: version: must be text (put it in quotes: "1.0")']


def test_empty_item_list(forms_copy: Path) -> None:
    text = (forms_copy / "consent.yaml").read_text(encoding="utf-8")
    head = text[: text.index("items:")]
    path = forms_copy / "consent.yaml"
    path.write_text(head + "items: []\n", encoding="utf-8")
    assert _problems(forms_copy) == [f"{path}: items: must not be empty"]


def test_duplicate_form_id_across_files(forms_copy: Path) -> None:
    copy = forms_copy / "phq9_copy.yaml"
    copy.write_text((forms_copy / "phq9.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert _problems(forms_copy) == [
        f"{copy}: id: duplicate form id 'phq9' (also in {forms_copy / 'phq9.yaml'})"
    ]


def test_protocol_naming_an_unknown_form(forms_copy: Path, library: FormLibrary) -> None:
    path = forms_copy / "protocols" / "follow_up.yaml"
    path.write_text(
        "id: follow_up\ntitle: {en: Follow-up visit, es: Visita de seguimiento}\nforms: [phq9, phq10]\n",
        encoding="utf-8",
    )
    assert _problems(forms_copy) == [
        f"{path}: forms: names unknown form 'phq10' (forms in this folder: {', '.join(sorted(library.forms))})"
    ]


def test_every_problem_in_every_file_is_reported(forms_copy: Path) -> None:
    phq9 = _break(forms_copy, "phq9.yaml", "\nid: phq9\n", "\n")
    consent = _break(forms_copy, "consent.yaml", "    type: signature\n", "    type: drawing\n")
    problems = _problems(forms_copy)
    assert problems[0] == f"{consent}: items.signature.type: unknown item type 'drawing' (allowed: " \
        "single_choice, multiple_choice, yes_no, text, number, date, time, phone, signature, info)"
    assert problems[1] == f"{phq9}: id: missing field"
    assert len(problems) == 2
