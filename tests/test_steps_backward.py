"""backward_steps: exact captions for the seed slides' examples, bit-for-bit agreement with backward(), no .grad touched."""

from __future__ import annotations

import math
import random

import pytest
from random_graphs import random_graph
from seed_graphs import seed_xyz

from autograd import Value
from autograd.lecture.steps import BackwardStep, backward_steps, format_number


def test_seed_example_steps_and_exact_captions() -> None:
    x, y, z, q, f = seed_xyz()
    steps = list(backward_steps(f))
    assert [step.node for step in steps] == [f, q]
    first, second = steps
    assert first.upstream == 1.0
    assert [(m.input, m.local_grad, m.message, m.total) for m in first.messages] == [
        (q, -4.0, -4.0, -4.0),
        (z, 3.0, 3.0, 3.0),
    ]
    assert first.caption == (
        "f = q · z, upstream ∂f/∂f = 1\n"
        "×: the derivative by one factor is the other factor\n"
        "∂f/∂q = ∂f/∂f · z = 1 · (−4) = −4\n"
        "∂f/∂z = ∂f/∂f · q = 1 · 3 = 3"
    )
    assert second.upstream == -4.0
    assert second.local_line == "∂q/∂x = 1, ∂q/∂y = 1  (+ passes the gradient on to both inputs)"
    assert second.message_lines == (
        "∂f/∂x = ∂f/∂q · 1 = −4 · 1 = −4",
        "∂f/∂y = ∂f/∂q · 1 = −4 · 1 = −4",
    )
    assert second.header == "q = x + y, upstream ∂f/∂q = −4"
    assert [m.total for m in second.messages] == [-4.0, -4.0]
    assert (x.grad, y.grad, z.grad, q.grad, f.grad) == (0.0,) * 5  # a view: no .grad touched


def test_stepping_never_changes_grad() -> None:
    x, y, z, q, f = seed_xyz()
    f.backward()
    before = [v.grad for v in (x, y, z, q, f)]
    steps = backward_steps(f)
    next(steps)  # halfway
    assert [v.grad for v in (x, y, z, q, f)] == before
    assert len(list(steps)) == 1
    list(backward_steps(f))  # and again, to the end
    assert [v.grad for v in (x, y, z, q, f)] == before == [-4.0, -4.0, 3.0, -4.0, 1.0]


def test_two_paths_summed_at_x() -> None:
    """f = x² + xy + (x+y)² at x = 1, y = 2: ∂f/∂x = 2x + y + 2(x+y) = 10, ∂f/∂y = x + 2(x+y) = 7."""
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    s = x + y
    s.label = "s"
    f = x**2 + x * y + s**2
    f.label = "f"
    steps = list(backward_steps(f))
    lines = [line for step in steps for line in step.message_lines]
    x_lines = [line for line in lines if line.startswith("∂f/∂x")]
    assert x_lines == [
        "∂f/∂x += ∂f/∂s · 1 = 6 · 1 = 6, total so far 6",
        "∂f/∂x += ∂f/∂n2 · y = 1 · 2 = 2, total so far 8",
        "∂f/∂x += ∂f/∂n1 · 2 · x = 1 · 2 · 1 = 2, total 10 (complete)",
    ]
    totals = {m.input: m.total for step in steps for m in step.messages}
    assert (totals[x], totals[y], f.data) == (10.0, 7.0, 1.0 + 2.0 + 9.0)
    headers = [step.header for step in steps]
    assert "n1 = x², upstream ∂f/∂n1 = 1" in headers  # the constant exponent as a superscript


def test_sigmoid_neuron_gate_by_gate() -> None:
    """The slides' neuron 1/(1+e^-(w0 x0 + w1 x1 + w2)) at w0=2, x0=-1, w1=-3, x1=-2, w2=-3."""
    w0, x0 = Value(2.0, label="w0"), Value(-1.0, label="x0")
    w1, x1 = Value(-3.0, label="w1"), Value(-2.0, label="x1")
    w2 = Value(-3.0, label="w2")
    z = w0 * x0 + w1 * x1 + w2
    z.label = "z"
    f = z.sigmoid()
    f.label = "f"
    steps = list(backward_steps(f))
    assert steps[0].caption == (
        "f = σ(z), upstream ∂f/∂f = 1\n"
        "σ′ = σ(1 − σ)\n"
        "∂f/∂z = ∂f/∂f · σ(z)(1 − σ(z)) = 1 · 0.7311 · (1 − 0.7311) = 0.1966"
    )
    assert format_number(f.data) == "0.7311"
    totals = {m.input: m.total for step in steps for m in step.messages}
    rounded = [round(totals[v], 2) for v in (w0, x0, w1, x1, w2)]
    assert rounded == [-0.2, 0.39, -0.39, -0.59, 0.2]
    last = steps[-1]
    assert (
        last.local_line
        == "∂n1/∂w0 = x0 = −1, ∂n1/∂x0 = w0 = 2  (×: the derivative by one factor is the other factor)"
    )
    assert last.message_lines == (
        "∂f/∂w0 = ∂f/∂n1 · x0 = 0.1966 · (−1) = −0.1966",
        "∂f/∂x0 = ∂f/∂n1 · w0 = 0.1966 · 2 = 0.3932",
    )
    z_step = steps[1]  # z = n3 + w2: + passes the gradient on
    assert z_step.local_line == "∂z/∂n3 = 1, ∂z/∂w2 = 1  (+ passes the gradient on to both inputs)"


def test_a_plus_a_sends_two_messages_in_one_step() -> None:
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    (step,) = list(backward_steps(b))
    assert [m.input_index for m in step.messages] == [0, 1]
    assert step.message_lines == (
        "∂b/∂a += ∂b/∂b · 1 = 1 · 1 = 1, total so far 1",
        "∂b/∂a += ∂b/∂b · 1 = 1 · 1 = 1, total 2 (complete)",
    )
    assert step.messages[-1].total == 2.0 and a.grad == 0.0


def test_constant_parameter_gets_no_message() -> None:
    x = Value(-2.0, label="x")
    y = x.leaky_relu(0.1)
    (step,) = list(backward_steps(y))
    assert len(step.messages) == 1 and step.messages[0].local_grad == 0.1
    assert step.header == "n1 = leaky relu(x, 0.1), upstream ∂n1/∂n1 = 1"


def test_leaf_root_has_no_steps() -> None:
    x = Value(4.0, label="x")
    assert list(backward_steps(x)) == []
    assert x.grad == 0.0


# ----------------------------------------------------------------------
# Bit-for-bit agreement with Value.backward on random graphs
# ----------------------------------------------------------------------


def hexes(root: Value) -> list[str]:
    from autograd import topological_order

    return [node.grad.hex() for node in topological_order(root)]


def step_totals(root: Value) -> list[str]:
    """d(root)/d(node) for every node as the steps report it (root: 1), in topological order."""
    from autograd import topological_order

    total = {root: 1.0}
    for step in backward_steps(root, show_constants=True):  # constants' messages too
        assert isinstance(step, BackwardStep)
        total.update((m.input, m.total) for m in step.messages)
    return [total.get(node, 0.0).hex() for node in topological_order(root)]


@pytest.mark.parametrize("seed", range(150))
def test_the_steps_equal_backward_bit_for_bit(seed: int) -> None:
    root, _ = random_graph(random.Random(seed))
    reported = step_totals(root)
    assert set(hexes(root)) == {(0.0).hex()}  # stepping filled no .grad
    root.backward()
    assert reported == hexes(root)
    root.backward()  # leaves accumulate over calls; the steps stay those of one pass
    assert step_totals(root) == reported


def test_message_totals_are_the_running_gradients() -> None:
    for seed in range(40):
        root, _ = random_graph(random.Random(seed))
        running: dict[Value, float] = {}
        for step in backward_steps(root, show_constants=True):
            assert step.upstream == (1.0 if step.node is root else running[step.node])
            for sent in step.messages:
                assert sent.message == step.upstream * sent.local_grad
                running[sent.input] = running.get(sent.input, 0.0) + sent.message
                assert sent.total == running[sent.input]
        root.backward()
        for node, total in running.items():
            assert node.grad == total  # first call: previous leaf gradients were 0


def test_overflowing_gradient_is_an_error_naming_the_node() -> None:
    x = Value(1e-300, label="x")
    f = (x * 1e300) * 1e300  # f = 1e300, but df/dx = 1e600 overflows
    with pytest.raises(OverflowError, match="gradient of x overflowed"):
        list(backward_steps(f))
    with pytest.raises(OverflowError, match="leaf 'x'"):
        f.backward()


def test_captions_read_each_op_rule_from_its_one_definition() -> None:
    """The local rule in a caption is the op table's own: math, numbers and words."""
    from autograd.ops import OPS

    x = Value(0.5, label="x")
    t = x.tanh()
    t.label = "t"
    m = t.max(0.25)
    m.label = "m"
    d = m / x
    d.label = "d"
    steps = {step.name: step for step in backward_steps(d)}
    assert steps["t"].local_line == f"∂t/∂x = 1 − tanh(x)² = 0.7864  ({OPS['tanh'].words})"
    tanh = math.tanh(0.5)
    total = -(tanh / 0.5) / 0.5 + (1 / 0.5) * (1 - tanh**2)  # through the quotient, then t
    assert steps["t"].message_lines == (
        f"∂d/∂x += ∂d/∂t · (1 − tanh(x)²) = 2 · (1 − 0.4621²) = 1.573, total "
        f"{format_number(total)} (complete)",
    )
    assert format_number(total) == "−0.2756"
    # max routes: the words say it, the numbers show where the gradient went
    assert steps["m"].local_line.endswith(f"({OPS['max'].words})")
    assert steps["m"].message_lines[0] == "∂d/∂t = ∂d/∂m · ∂m/∂t = 2 · 1 = 2"
    assert steps["d"].local_line == OPS["/"].words  # the root's step: the words alone
    assert steps["d"].message_lines[0] == "∂d/∂m = ∂d/∂d · (1 / x) = 1 · (1 / 0.5) = 2"
    assert steps["d"].message_lines[1].startswith("∂d/∂x += ∂d/∂d · (−(m / x) / x) = ")
