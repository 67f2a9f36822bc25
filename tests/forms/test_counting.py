"""How many questions a form asks while its skip logic is still open (the bundled C-SSRS)."""

from __future__ import annotations

from kiosk.forms import FormLibrary
from kiosk.forms.counting import question_count


def test_unreached_skip_logic_counts_as_maybe(library: FormLibrary) -> None:
    cssrs = library.form("cssrs")
    first = question_count(cssrs, {}, "q1")
    assert (first.shown, first.most, first.settled) == (3, 7, False)  # q1, q2, q6 surely; q3-5, q6_recent maybe


def test_answers_settle_the_count(library: FormLibrary) -> None:
    cssrs = library.form("cssrs")
    no_thoughts = {"q1": False, "q2": False}
    at_q6 = question_count(cssrs, no_thoughts, "q6")
    assert (at_q6.shown, at_q6.most) == (3, 4)  # only "within the past three months?" is open
    done = question_count(cssrs, {**no_thoughts, "q6": False}, "q6")
    assert (done.shown, done.most, done.settled) == (3, 3, True)
    thoughts = question_count(cssrs, {"q1": True, "q2": True}, "q3")
    assert (thoughts.shown, thoughts.most) == (6, 7)


def test_a_question_passed_unanswered_is_settled(library: FormLibrary) -> None:
    """Skipping back over an unanswered item does not reopen the count: passed means decided."""
    cssrs = library.form("cssrs")
    assert question_count(cssrs, {"q1": False}, "q6").most == 4  # q2 was passed without an answer
    assert question_count(cssrs, {"q1": False}, "q2").most == 7  # q2 still to come
