"""The worked examples of the course seed documents (`shared/seeds/`), reproduced by the engine.

Lecture 8 (002_...): f = (x + y) z at x = -2, y = 5, z = -4; the sigmoid neuron
w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3 gate by gate and as one sigmoid node,
with its straight-line forward/backward code; the gate patterns (add
distributes, mul swaps, copy adds, max routes); sigma' = sigma (1 - sigma).
Homework (003_...): tanh' = 1 - tanh^2. Problem book (004_...): f(x, y) =
x^2 + xy + (x + y)^2, where the gradient at x is a sum over three paths.
The seed's rounded numbers are checked at 2 decimals, and exact formulas at
float precision.
"""

from __future__ import annotations

import math

import pytest

from autograd import Value, grad

NEURON = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
SEED_NEURON_GRADS = {"w0": -0.20, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.20}


def test_add_then_multiply_seed() -> None:
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    q = x + y
    f = q * z
    f.backward()
    assert f.data == -12.0
    assert (q.data, q.grad) == (3.0, -4.0)
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)


def sigmoid_neuron_gate_by_gate(leaves: dict[str, Value]) -> dict[str, Value]:
    """The lecture's graph: *, *, +, +, *(-1), exp, +1, 1/x."""
    s0 = leaves["w0"] * leaves["x0"]
    s1 = leaves["w1"] * leaves["x1"]
    s2 = s0 + s1
    s3 = s2 + leaves["w2"]
    negated = -s3
    exponential = negated.exp()
    denominator = exponential + 1.0
    output = 1.0 / denominator
    return {
        "s0": s0,
        "s1": s1,
        "s2": s2,
        "s3": s3,
        "negated": negated,
        "exp": exponential,
        "denominator": denominator,
        "output": output,
    }


def test_sigmoid_neuron_gate_by_gate_matches_seed() -> None:
    leaves = {name: Value(x, name) for name, x in NEURON.items()}
    gates = sigmoid_neuron_gate_by_gate(leaves)
    output = gates["output"]
    output.backward()
    # The seed's figure, rounded to 2 decimals: forward values ...
    assert [round(gates[name].data, 2) for name in ("s0", "s1", "s2", "s3")] == [-2, 6, 4, 1]
    assert round(gates["negated"].data, 2) == -1.0
    assert round(gates["exp"].data, 2) == 0.37
    assert round(gates["denominator"].data, 2) == 1.37
    assert round(output.data, 2) == 0.73
    # ... and the gradients flowing back through each gate.
    assert round(gates["denominator"].grad, 2) == -0.53
    assert round(gates["exp"].grad, 2) == -0.53
    assert round(gates["negated"].grad, 2) == -0.20
    assert round(gates["s3"].grad, 2) == 0.20
    assert round(gates["s2"].grad, 2) == 0.20
    assert round(gates["s0"].grad, 2) == 0.20
    assert {name: round(leaf.grad, 2) for name, leaf in leaves.items()} == SEED_NEURON_GRADS
    # Exact: the output is sigma(1) and d output / d s3 = sigma(1) (1 - sigma(1)).
    sigma = 1.0 / (1.0 + math.exp(-1.0))
    local = sigma * (1.0 - sigma)
    assert output.data == pytest.approx(sigma, rel=1e-15)
    assert gates["denominator"].grad == pytest.approx(-1.0 / (1.0 + math.exp(-1.0)) ** 2, rel=1e-15)
    assert gates["s3"].grad == pytest.approx(local, rel=1e-15)
    expected = {"w0": local * -1.0, "x0": local * 2.0, "w1": local * -2.0, "x1": local * -3.0}
    expected["w2"] = local
    for name, leaf in leaves.items():
        assert leaf.grad == pytest.approx(expected[name], rel=1e-14)


def test_sigmoid_neuron_as_one_sigmoid_node_matches_seed_code() -> None:
    leaves = {name: Value(x, name) for name, x in NEURON.items()}
    s3 = leaves["w0"] * leaves["x0"] + leaves["w1"] * leaves["x1"] + leaves["w2"]
    output = s3.sigmoid()
    assert output.op == "sigmoid"
    output.backward()
    assert round(output.data, 2) == 0.73
    assert {name: round(leaf.grad, 2) for name, leaf in leaves.items()} == SEED_NEURON_GRADS
    # The seed's straight-line backward code, run on plain floats: bit-for-bit the same.
    w0, x0, w1, x1, w2 = NEURON.values()
    s3_float = w0 * x0 + w1 * x1 + w2
    sigmoid = 1.0 / (1.0 + math.exp(-s3_float))
    grad_s3 = 1.0 * (1 - sigmoid) * sigmoid
    assert output.data == sigmoid
    assert leaves["w2"].grad == grad_s3
    assert leaves["w1"].grad == grad_s3 * x1
    assert leaves["x1"].grad == grad_s3 * w1
    assert leaves["w0"].grad == grad_s3 * x0
    assert leaves["x0"].grad == grad_s3 * w0
    # And the gate-by-gate graph gives the same gradients to float precision.
    gate_leaves = {name: Value(x, name) for name, x in NEURON.items()}
    sigmoid_neuron_gate_by_gate(gate_leaves)["output"].backward()
    for name in NEURON:
        assert gate_leaves[name].grad == pytest.approx(leaves[name].grad, rel=1e-14)


@pytest.mark.parametrize(("x_value", "y_value"), [(3.0, -2.0), (-1.25, 0.5), (0.7, 2.9)])
def test_sum_over_paths_function(x_value: float, y_value: float) -> None:
    x, y = Value(x_value, "x"), Value(y_value, "y")
    a = x**2
    b = x * y
    c = x + y
    f = a + b + c**2
    f.backward()
    # Three paths from x to f (through x^2, xy and (x + y)^2), two from y.
    assert f.data == pytest.approx(x_value**2 + x_value * y_value + (x_value + y_value) ** 2)
    assert x.grad == pytest.approx(2 * x_value + y_value + 2 * (x_value + y_value), rel=1e-15)
    assert y.grad == pytest.approx(x_value + 2 * (x_value + y_value), rel=1e-15)
    if (x_value, y_value) == (3.0, -2.0):
        assert (x.grad, y.grad) == (6.0, 5.0)
    # Same answer from grad(), which touches no .grad.
    assert grad(f, [x, y]) == [x.grad, y.grad]


def test_gate_patterns() -> None:
    # The lecture's example: f = 2 * (x * y + max(z, w)) at x = 3, y = -4, z = 2, w = -1.
    x, y, z, w = Value(3.0), Value(-4.0), Value(2.0), Value(-1.0)
    product = x * y
    maximum = z.max(w)
    total = product + maximum
    f = total * 2.0
    f.backward()
    assert f.data == -20.0
    # add distributes: both inputs of + get the upstream gradient 2.
    assert (product.grad, maximum.grad) == (2.0, 2.0)
    # mul swaps: x gets upstream * y, y gets upstream * x.
    assert (x.grad, y.grad) == (2.0 * -4.0, 2.0 * 3.0)
    # max routes: the larger input gets everything, the other nothing.
    assert (z.grad, w.grad) == (2.0, 0.0)
    # copy adds: a node used by two gates gets the sum of both messages.
    a = Value(1.5)
    g = a * 4.0 + a.exp()
    g.backward()
    assert a.grad == 4.0 + math.exp(1.5)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 0.8, 4.0])
def test_sigmoid_derivative_is_sigma_times_one_minus_sigma(x: float) -> None:
    leaf = Value(x)
    output = leaf.sigmoid()
    output.backward()
    sigma = 1.0 / (1.0 + math.exp(-x))
    assert output.data == pytest.approx(sigma, rel=1e-15)
    assert leaf.grad == output.data * (1.0 - output.data)
    assert leaf.grad == pytest.approx(math.exp(-x) / (1.0 + math.exp(-x)) ** 2, rel=1e-13)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 0.8, 4.0])
def test_tanh_derivative_is_one_minus_tanh_squared(x: float) -> None:
    leaf = Value(x)
    output = leaf.tanh()
    output.backward()
    assert output.data == math.tanh(x)
    assert leaf.grad == 1.0 - math.tanh(x) ** 2
    assert leaf.grad == pytest.approx(1.0 / math.cosh(x) ** 2, rel=1e-12)
