"""Engine semantics and regression tests for the classic autodiff bugs.

Reused non-leaf nodes, diamonds, deep chains and wide fan-ins (no recursion,
default recursion limit), repeated `backward()` (leaves accumulate exactly
like PyTorch, non-leaf nodes show the latest call), the PyTorch conventions at
kinks (relu'(0) = 0, a max/min tie splits the gradient in half, d/dx x^0 = 0),
the shape of the graph record (`inputs` ordered, duplicates kept) and `grad()`
leaving every `.grad` untouched.
"""

from __future__ import annotations

import math
import random
import sys

import pytest
import torch
from random_graphs import random_graph

from autograd import Value, grad, sum_values, topological_order


def test_value_basics() -> None:
    leaf = Value(3, "x")
    assert type(leaf.data) is float and leaf.data == 3.0
    assert (leaf.grad, leaf.label, leaf.op, leaf.inputs) == (0.0, "x", "", ())
    assert leaf.is_leaf
    product = leaf * 2
    assert product.op == "*" and not product.is_leaf
    assert product.inputs[0] is leaf and product.inputs[1].data == 2.0


def test_reused_non_leaf_node() -> None:
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert c.data == 12.0
    assert b.grad == 2.0
    assert a.grad == 4.0


def test_diamond() -> None:
    a = Value(1.5)
    left = a * 2.0
    right = a + 3.0
    top = left * right
    top.backward()
    assert top.data == 3.0 * 4.5
    assert (left.grad, right.grad) == (4.5, 3.0)
    assert a.grad == 2.0 * right.data + 1.0 * left.data  # both paths summed


def test_chain_deeper_than_one_thousand() -> None:
    x = Value(0.3)
    y = x
    for _ in range(5000):
        y = (y * 1.0001).tanh()
    y.backward()
    expected = 1.0
    z = 0.3
    for _ in range(5000):  # the same chain rule, by hand on floats
        z = math.tanh(z * 1.0001)
        expected *= 1.0001 * (1.0 - z * z)
    assert y.data == pytest.approx(z, rel=1e-12)
    assert x.grad == pytest.approx(expected, rel=1e-10)


@pytest.mark.slow  # a million nodes
def test_million_node_chain_and_hundred_thousand_fan_in_need_no_recursion() -> None:
    limit = sys.getrecursionlimit()
    x, w = Value(0.5), Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y * w
    y.backward()
    assert x.grad == 1.0
    assert w.grad == 500_000.0  # each of the 10^6 products sends it 0.5
    inputs = [Value(float(i)) for i in range(100_000)]
    total = sum_values(inputs)
    total.backward()
    assert total.data == 99_999 * 100_000 / 2
    assert all(leaf.grad == 1.0 for leaf in inputs)
    assert grad(total, inputs[:3] + inputs[-1:]) == [1.0, 1.0, 1.0, 1.0]
    assert sys.getrecursionlimit() == limit


def test_repeated_backward_accumulates_like_torch() -> None:
    # micrograd gives 5 then 14 here; PyTorch gives 5 then 10.
    x = Value(2.0)
    y = x * x + x
    y.backward()
    assert x.grad == 5.0
    y.backward()
    assert x.grad == 10.0
    tensor = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    torch_y = tensor * tensor + tensor
    torch_y.backward(retain_graph=True)
    torch_y.backward()
    assert tensor.grad is not None and tensor.grad.item() == x.grad


def graph_parts(seed: int) -> tuple[list[Value], list[Value], Value]:
    """The leaves, the inner nodes and the root of the tests' shared random graph."""
    root, leaves = random_graph(random.Random(seed))
    return leaves, [node for node in topological_order(root) if node.inputs], root


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_repeated_backward_doubles_leaves_exactly_and_keeps_inner_grads(seed: int) -> None:
    leaves, inner, root = graph_parts(seed)
    reachable = set(topological_order(root))
    root.backward()
    first_leaf_grads = [leaf.grad for leaf in leaves]
    first_inner_grads = [node.grad for node in inner]
    assert any(g != 0.0 for g in first_leaf_grads)
    root.backward()
    assert [leaf.grad for leaf in leaves] == [2.0 * g for g in first_leaf_grads]  # bit-exact
    assert [node.grad for node in inner] == first_inner_grads  # latest call only
    assert root.grad == 1.0
    # The leaf gradients of one call are those that grad() returns.
    assert grad(root, leaves) == first_leaf_grads
    assert all(node.grad == 0.0 for node in inner if node not in reachable)


def test_non_leaf_grads_show_the_latest_root() -> None:
    x = Value(3.0)
    y = x * 2.0
    z = y * 5.0
    z.backward()
    assert y.grad == 5.0
    y.backward()  # now y is the root: its own grad is 1, x accumulates 10 + 2
    assert y.grad == 1.0
    assert x.grad == 12.0


def test_backward_on_a_leaf_root() -> None:
    x = Value(4.0)
    x.backward()
    assert x.grad == 1.0
    x.backward()
    assert x.grad == 2.0  # a leaf accumulates, as in PyTorch
    assert grad(x, [x]) == [1.0]


def test_relu_at_zero_has_zero_gradient() -> None:
    x = Value(0.0)
    y = x.relu()
    y.backward()
    assert (y.data, x.grad) == (0.0, 0.0)


@pytest.mark.parametrize("op", ["max", "min"])
def test_max_and_min_tie_split_the_gradient(op: str) -> None:
    a, b = Value(2.0), Value(2.0)
    out = a.max(b) if op == "max" else a.min(b)
    (out * 3.0).backward()
    assert out.data == 2.0
    assert (a.grad, b.grad) == (1.5, 1.5)
    c = Value(-1.0)
    same = c.max(c) if op == "max" else c.min(c)
    same.backward()
    assert c.grad == 1.0  # half through each of the two edges


@pytest.mark.parametrize("x_value", [0.0, -3.0, 2.5])
def test_power_zero_has_zero_gradient_everywhere(x_value: float) -> None:
    x = Value(x_value)
    y = x**0
    y.backward()
    assert (y.data, x.grad) == (1.0, 0.0)
    if x_value >= 0.0:  # a Value exponent needs a base >= 0 for d/db a^b = a^b ln(a)
        b = Value(0.0)
        (x**b).backward()  # a Value exponent equal to 0: d/dx x^0 = 0 as well
        assert x.grad == 0.0
        assert b.grad == (0.0 if x_value == 0.0 else math.log(x_value))


def test_division_by_a_value() -> None:
    a, b = Value(3.0), Value(-4.0)
    q = a / b
    q.backward()
    assert q.data == -0.75
    assert a.grad == 1.0 / -4.0
    assert b.grad == -3.0 / 16.0
    c = Value(8.0)
    r = 2.0 / c
    r.backward()
    assert (r.data, c.grad) == (0.25, -2.0 / 64.0)


def test_a_plus_a_keeps_both_inputs_in_order() -> None:
    a, b = Value(1.0), Value(2.0)
    doubled = a + a
    assert doubled.inputs == (a, a)
    assert isinstance(doubled.inputs, tuple)
    difference = b - a
    assert difference.inputs[0] is b and difference.inputs[1] is a
    assert (a - b).data == -1.0 and difference.data == 1.0
    powered = b**a
    assert powered.op == "pow" and powered.inputs == (b, a)
    number_exponent = b**3
    assert number_exponent.op == "**" and number_exponent.inputs[0] is b
    assert number_exponent.inputs[1].data == 3.0
    reflected = 2**a
    assert reflected.op == "pow" and reflected.inputs[1] is a and reflected.inputs[0].data == 2.0
    with pytest.raises(AttributeError):
        doubled.inputs.append(b)  # type: ignore[attr-defined]


def test_grad_touches_no_grad_and_unused_inputs_get_zero() -> None:
    x, y, unused = Value(2.0), Value(-3.0), Value(7.0)
    f = x * y + x.exp()
    intermediate = f.inputs[0]
    assert grad(f, [x, y, unused]) == [-3.0 + f.inputs[1].data, 2.0, 0.0]
    assert all(v.grad == 0.0 for v in (x, y, unused, f, intermediate))
    x.grad = 5.0
    grad(f, [x])
    assert x.grad == 5.0


def test_grad_matches_backward() -> None:
    leaves, _, root = graph_parts(7)
    expected = grad(root, leaves)
    root.backward()
    assert [leaf.grad for leaf in leaves] == expected


def test_inputs_is_read_only() -> None:
    a = Value(1.0)
    b = a + a
    with pytest.raises(AttributeError):
        b.inputs = (a,)  # type: ignore[misc]
    assert b.inputs == (a, a)
