"""Property-based tests (hypothesis): gradients of every op at random points, and random graphs.

1. For each unary and binary operation, the gradient from `backward()` matches
   central differences at random points of a safe range (away from kinks and
   domain edges).
2. Random expression DAGs with shared subexpressions (a node used by several
   later nodes, and twice by the same node as in `a + a`) are built both with
   `Value`s and with float64 torch tensors; every node's value and gradient
   d(output)/d(node) must agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as functional
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import Value, sum_values

FAST = settings(max_examples=40, deadline=None)
PER_OP = settings(max_examples=25, deadline=None)


# A "safe" real in [-limit, limit], no nan/inf.
def reals(limit: float) -> st.SearchStrategy[float]:
    return st.floats(-limit, limit, allow_nan=False, allow_infinity=False)


def central_difference(f: Callable[[float], float], x: float) -> float:
    step = 1e-6 * max(1.0, abs(x))
    return (f(x + step) - f(x - step)) / (2.0 * step)


def assert_gradients_match_central_differences(
    fn: Callable[..., Value], point: list[float]
) -> None:
    leaves = [Value(x) for x in point]
    fn(*leaves).backward()
    for i, leaf in enumerate(leaves):

        def along_input(t: float, i: int = i) -> float:
            moved = [Value(t) if j == i else Value(x) for j, x in enumerate(point)]
            return fn(*moved).data

        numeric = central_difference(along_input, point[i])
        assert math.isclose(leaf.grad, numeric, rel_tol=1e-5, abs_tol=1e-6), (i, leaf.grad, numeric)


# name -> (function of one Value, the strategy of safe inputs, distance kept from a kink)
UNARY: dict[str, tuple[Callable[[Value], Value], st.SearchStrategy[float], float | None]] = {
    "neg": (lambda a: -a, reals(100.0), None),
    "exp": (lambda a: a.exp(), reals(20.0), None),
    "log": (lambda a: a.log(), st.floats(1e-2, 1e3), None),
    "tanh": (lambda a: a.tanh(), reals(8.0), None),
    "sigmoid": (lambda a: a.sigmoid(), reals(20.0), None),
    "softplus": (lambda a: a.softplus(), reals(30.0), None),
    "log_sigmoid": (lambda a: a.log_sigmoid(), reals(30.0), None),
    "relu": (lambda a: a.relu(), reals(10.0), 0.0),
    "leaky_relu": (lambda a: a.leaky_relu(0.1), reals(10.0), 0.0),
    "elu": (lambda a: a.elu(0.7), reals(10.0), 0.0),
    "abs": (lambda a: a.abs(), reals(10.0), 0.0),
    "square": (lambda a: a**2, reals(100.0), None),
    "cube": (lambda a: a**3, reals(10.0), None),
    "sqrt": (lambda a: a**0.5, st.floats(1e-2, 1e3), None),
    "inverse_square": (lambda a: a**-2, st.floats(0.1, 10.0), None),
    "two_to_the": (lambda b: 2**b, reals(20.0), None),
    "radd": (lambda a: 1.5 + a, reals(100.0), None),
    "rsub": (lambda a: 1.5 - a, reals(100.0), None),
    "rmul": (lambda a: 1.5 * a, reals(100.0), None),
    "rdiv": (lambda a: 1.5 / a, st.floats(0.1, 10.0), None),
}

BINARY: dict[
    str, tuple[Callable[[Value, Value], Value], st.SearchStrategy[float], st.SearchStrategy[float]]
] = {
    "add": (lambda a, b: a + b, reals(100.0), reals(100.0)),
    "sub": (lambda a, b: a - b, reals(100.0), reals(100.0)),
    "mul": (lambda a, b: a * b, reals(100.0), reals(100.0)),
    "div": (lambda a, b: a / b, reals(100.0), st.floats(0.1, 100.0)),
    "pow": (lambda a, b: a**b, st.floats(0.05, 10.0), reals(3.0)),
    "max": (lambda a, b: a.max(b), reals(10.0), reals(10.0)),
    "min": (lambda a, b: a.min(b), reals(10.0), reals(10.0)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@PER_OP
@given(data=st.data())
def test_unary_gradient_matches_central_differences(data: st.DataObject, name: str) -> None:
    fn, inputs, kink = UNARY[name]
    x = data.draw(inputs, label="x")
    if kink is not None:
        assume(abs(x - kink) > 1e-3)
    assert_gradients_match_central_differences(fn, [x])


@pytest.mark.parametrize("name", sorted(BINARY))
@PER_OP
@given(data=st.data())
def test_binary_gradient_matches_central_differences(data: st.DataObject, name: str) -> None:
    fn, first, second = BINARY[name]
    a = data.draw(first, label="a")
    b = data.draw(second, label="b")
    if name in {"max", "min"}:
        assume(abs(a - b) > 1e-3)
    assert_gradients_match_central_differences(fn, [a, b])


@FAST
@given(values=st.lists(reals(100.0), min_size=1, max_size=30))
def test_sum_values_gradient_is_one_per_use(values: list[float]) -> None:
    leaves = [Value(x) for x in values]
    inputs = [*leaves, leaves[0]]  # the first leaf is summed twice
    total = sum_values(inputs)
    assert total.data == math.fsum([*values, values[0]])
    total.backward()
    assert [leaf.grad for leaf in leaves] == [2.0] + [1.0] * (len(values) - 1)


# ----------------------------------------------------------------------
# Random DAGs compared node for node with torch float64
# ----------------------------------------------------------------------

# Each op: (arity, domain check on the operands' floats, ours, torch's).
# The check keeps inputs in a safe domain and away from kinks (where a rounding
# difference between the two libraries could pick different branches).
Op = tuple[
    int,
    Callable[..., bool],
    Callable[..., Value],
    Callable[..., torch.Tensor],
]
DAG_OPS: dict[str, Op] = {
    "+": (2, lambda a, b: True, lambda a, b: a + b, lambda a, b: a + b),
    "-": (2, lambda a, b: True, lambda a, b: a - b, lambda a, b: a - b),
    "*": (2, lambda a, b: abs(a * b) < 1e4, lambda a, b: a * b, lambda a, b: a * b),
    "/": (
        2,
        lambda a, b: abs(b) > 0.25 and abs(a / b) < 1e4,
        lambda a, b: a / b,
        lambda a, b: a / b,
    ),
    "pow": (
        2,
        lambda a, b: a > 0.1 and abs(b) < 3 and a**b < 1e4,
        lambda a, b: a**b,
        torch.pow,
    ),
    "neg": (1, lambda a: True, lambda a: -a, lambda a: -a),
    "square": (1, lambda a: abs(a) < 100, lambda a: a**2, lambda a: torch.pow(a, 2.0)),
    "two_to_the": (1, lambda a: abs(a) < 10, lambda a: 2**a, lambda a: torch.pow(2.0, a)),
    "exp": (1, lambda a: a < 5, lambda a: a.exp(), torch.exp),
    "log": (1, lambda a: a > 0.1, lambda a: a.log(), torch.log),
    "tanh": (1, lambda a: True, lambda a: a.tanh(), torch.tanh),
    "sigmoid": (1, lambda a: True, lambda a: a.sigmoid(), torch.sigmoid),
    "softplus": (1, lambda a: a < 15, lambda a: a.softplus(), functional.softplus),
    "log_sigmoid": (1, lambda a: True, lambda a: a.log_sigmoid(), functional.logsigmoid),
    "relu": (1, lambda a: abs(a) > 1e-6, lambda a: a.relu(), torch.relu),
    "leaky_relu": (
        1,
        lambda a: abs(a) > 1e-6,
        lambda a: a.leaky_relu(0.1),
        lambda a: functional.leaky_relu(a, 0.1),
    ),
    "elu": (1, lambda a: abs(a) > 1e-6, lambda a: a.elu(), functional.elu),
    "abs": (1, lambda a: abs(a) > 1e-6, lambda a: a.abs(), torch.abs),
    # max/min of a node with itself is an exact tie: both split the gradient in half.
    "max": (2, lambda a, b: a == b or abs(a - b) > 1e-6, lambda a, b: a.max(b), torch.maximum),
    "min": (2, lambda a, b: a == b or abs(a - b) > 1e-6, lambda a, b: a.min(b), torch.minimum),
    "sum": (
        3,
        lambda a, b, c: True,
        lambda a, b, c: sum_values([a, b, c]),
        lambda a, b, c: a + b + c,
    ),
}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_dag_matches_torch_node_for_node(data: st.DataObject) -> None:
    leaf_count = data.draw(st.integers(1, 4), label="leaves")
    leaf_values = [data.draw(reals(2.0), label="leaf") for _ in range(leaf_count)]
    ours: list[Value] = [Value(x) for x in leaf_values]
    theirs: list[torch.Tensor] = [
        torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in leaf_values
    ]
    steps = data.draw(st.integers(1, 15), label="steps")
    recipe = []
    for _ in range(steps):
        name = data.draw(st.sampled_from(sorted(DAG_OPS)), label="op")
        arity, allowed, our_op, their_op = DAG_OPS[name]
        # Operands are earlier nodes; the same node may be picked twice (a + a).
        picks = [data.draw(st.integers(0, len(ours) - 1)) for _ in range(arity)]
        if not allowed(*[ours[i].data for i in picks]):
            name, picks = "+", picks[:1] * 2 if arity == 1 else picks[:2]
            _, _, our_op, their_op = DAG_OPS[name]
        recipe.append((name, picks))
        ours.append(our_op(*[ours[i] for i in picks]))
        theirs.append(their_op(*[theirs[i] for i in picks]))
    assume(all(abs(node.data) < 1e6 for node in ours))

    output, torch_output = ours[-1], theirs[-1]
    output.backward()
    torch_grads = torch.autograd.grad(torch_output, theirs, allow_unused=True)
    for position, (node, tensor, torch_grad) in enumerate(zip(ours, theirs, torch_grads)):
        expected_grad = 0.0 if torch_grad is None else torch_grad.item()
        where = (position, recipe)
        assert math.isclose(node.data, tensor.item(), rel_tol=1e-12, abs_tol=1e-14), where
        assert math.isclose(node.grad, expected_grad, rel_tol=1e-9, abs_tol=1e-12), where
