"""How numbers and symbols are written in the equations."""

from __future__ import annotations

from playground.notation import join_sum, number, operand, plain, rich, sym


def test_numbers_use_a_true_minus_and_never_hide_a_small_value():
    assert number(-0.5836, 2) == "\u22120.58"
    assert number(-0.0001, 2) == "\u22121.0e\u221204"  # not "−0.00"
    assert number(-0.004, 3) == "\u22120.004"
    assert number(0.0, 2) == "0.00" and number(-0.0, 2) == "0.00"
    assert number(-0.0049999, 2) == "\u22125.0e\u221203"
    assert number(float("inf")) == "\u221e" and number(float("-inf")) == "\u2212\u221e"
    assert number(float("nan")) == "NaN"
    assert operand(-1.2) == "(\u22121.20)" and operand(1.2) == "1.20"


def test_subscripts_render_as_plain_text_and_rich_text():
    markup = f"{sym('w', 0, 1)}·{sym('x', 11)} > 0 & {sym('w', 2, 11)}"
    assert plain(markup) == "w_12·x_12 > 0 & w_3,12"
    assert rich(markup) == "w<sub>12</sub>·x<sub>12</sub> &gt; 0 &amp; w<sub>3,12</sub>"


def test_long_sums_fold_and_only_kept_terms_are_written():
    written = []

    def term(k):
        written.append(k)
        return f"t{k}"

    assert join_sum(term, 10, 3) == "t0 + t1 + … + t9"
    assert written == [0, 1, 9]
    assert join_sum(str, 3, 3) == "0 + 1 + 2" and join_sum(str, 5, None) == "0 + 1 + 2 + 3 + 4"
