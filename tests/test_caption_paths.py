"""One writer of math text: every caption path spells the same formula the same way, for every op.

The player's frames (and so the Stepper and the GIF), the forward and backward steps, the
player's title, the TikZ/Beamer slides and the text view all write formulas, numbers and names
through `autograd.viz.math_text`. For each op of the table, the node's formula in Unicode is
the same string on every Unicode path and the same LaTeX on the slides; the rule captions name
functions as the step captions do (`ln`, never `log` beside it); a number in a call has one pair
of parentheses (`\\tanh(-0.5)`); a network's nodes go by their lecture names on the slides too.
"""

from __future__ import annotations

import pytest

from autograd import Value, as_text, backward_steps, forward_steps, to_tikz, topological_order
from autograd.lecture.frames import lecture_frames
from autograd.lecture.steps import formula_text
from autograd.ops import OPS
from autograd.value import apply_op, as_value
from autograd.viz.math_text import caption_names, format_number, formula_caption, rule_caption
from nn import Neuron


def op_node(name: str) -> Value:
    """The op applied to labelled leaves x = −0.5 (and y = 0.8), its parameter a constant."""
    op = OPS[name]
    x, y = Value(-0.5, label="x"), Value(0.8, label="y")
    if op.variadic:
        inputs = [x, y, Value(1.5, label="z")]
    elif op.parameter:
        inputs = [x, as_value(op.parameter_default or 2.0, name)]
    else:
        inputs = [x, y][: len(op.inputs)]
    if name in ("log", "sqrt"):
        inputs = [y]
    if name == "pow":
        inputs = [y, x]
    node = apply_op(name, inputs)
    node.label = "f"
    return node


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_path_writes_the_same_formula(name: str) -> None:
    f = op_node(name)
    f.backward()
    order = topological_order(f)
    names = caption_names(order)
    unicode = formula_caption(f, names)
    latex = formula_caption(f, names, "latex")
    numbers = formula_caption(f, names, numbers=True)
    (forward,) = list(forward_steps(f))
    (backward,) = list(backward_steps(f))
    assert forward.formula == f"f = {unicode}"  # the text captions
    assert forward.with_numbers == numbers
    assert backward.header.startswith(f"f = {unicode}, ")
    assert formula_text(f) == f"f = {unicode}"  # the player's title
    captions = [frame.caption for frame in lecture_frames(f)]  # player, Stepper, GIF
    assert any(f"f = {unicode} = {numbers}" in caption for caption in captions), captions
    tex = to_tikz(f, steps=True)
    assert f"f = {latex}" in tex  # the Beamer slides
    assert "((" not in numbers and "((-" not in tex and "((−" not in " ".join(captions)
    assert as_text(f).splitlines()[-1].split()[0] == names[f]  # the text view's names
    for index, _sent in enumerate(backward.messages):  # rule captions name functions alike
        rule_math, _numbers, _words = rule_caption(f, backward.messages[index].input_index, names)
        for other in ("log(", "log σ(") if name == "log" else ():
            assert other not in rule_math and other not in unicode


def test_a_node_times_itself_reads_the_same_in_the_title_and_the_steps() -> None:
    y = Value(2.0, label="y")
    q = y * y
    q.label = "q"
    f = q.log()
    f.label = "f"
    assert formula_text(f) == "f = ln(y · y)"
    assert next(iter(forward_steps(f))).formula == "q = y · y"


def test_log_is_ln_on_every_path() -> None:
    x = Value(2.0, label="x")
    f = x.log() * x
    f.label = "f"
    f.backward()
    steps = list(backward_steps(f))
    text = "\n".join(step.caption for step in steps)
    assert "ln(x)" in text and "log(x)" not in text
    assert "ln(x)" in formula_text(f)
    assert r"\ln(x)" in to_tikz(f, steps=True)


def test_a_negative_number_in_a_call_has_one_pair_of_parentheses() -> None:
    x = Value(-0.5, label="x")
    f = x.tanh()
    f.label = "f"
    tex = to_tikz(f, steps=True)
    assert r"\tanh(-0.5)" in tex and r"\tanh((-0.5))" not in tex
    (step,) = list(forward_steps(f))
    assert step.with_numbers == "tanh(−0.5)"
    y = Value(3.0, label="y")
    g = y * x
    g.label = "g"
    (step,) = list(forward_steps(g))
    assert step.with_numbers == "3 · (−0.5)"


def test_a_network_slide_names_nodes_as_the_lecture_does() -> None:
    neuron = Neuron(2, activation="tanh", seed=3)
    out = neuron([Value(1.0), Value(-2.0)])
    out.backward()
    tex = to_tikz(out, steps=True)
    assert r"\text{wx" not in tex and r"\text{w." not in tex
    assert "w_{1}" in tex and "z = " in tex


def test_one_number_formatter_in_three_styles() -> None:
    assert format_number(-4.0) == "−4"
    assert format_number(-4.0, style="latex") == "-4"
    assert format_number(-4.0, style="ascii") == "-4"
    assert format_number(-0.001, ".2f") == "0.00"  # reads as zero: no sign, in every style
    assert format_number(-0.001, ".2f", style="ascii") == "0.00"
    assert format_number(1.5e-7, style="latex") == r"1.5\times 10^{-7}"
    assert format_number(1e-05) == "1e−05"
