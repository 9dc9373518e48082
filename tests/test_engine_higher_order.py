"""Higher derivatives: `grad(..., create_graph=True)` against torch.

Second derivatives of every smooth op, a mixed partial and full Hessians are
compared with `torch.autograd.grad(create_graph=True)` and
`torch.autograd.functional.hessian` in float64. (Every op of the table is also checked
automatically in `test_ops_table.py`.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as functional

from autograd import Value, grad, sum_values

REL = 1e-12
ABS = 1e-14

# name -> (ours, torch's, points): functions of one input.
UNARY: dict[
    str, tuple[Callable[[Value], Value], Callable[[torch.Tensor], torch.Tensor], list[float]]
] = {
    "exp": (lambda x: x.exp(), torch.exp, [-1.3, 0.0, 2.1]),
    "log": (lambda x: x.log(), torch.log, [0.3, 1.0, 4.5]),
    "tanh": (lambda x: x.tanh(), torch.tanh, [-1.3, 0.0, 0.7]),
    "sigmoid": (lambda x: x.sigmoid(), torch.sigmoid, [-2.3, 0.0, 1.1]),
    "softplus": (lambda x: x.softplus(), functional.softplus, [-2.3, 0.0, 1.1]),
    "log_sigmoid": (lambda x: x.log_sigmoid(), functional.logsigmoid, [-2.3, 0.0, 1.1]),
    "elu": (lambda x: x.elu(0.7), lambda x: functional.elu(x, alpha=0.7), [-2.3, -0.4, 1.1]),
    "square": (lambda x: x**2, lambda x: torch.pow(x, 2.0), [-2.3, 0.0, 1.1]),
    "cube": (lambda x: x**3, lambda x: torch.pow(x, 3.0), [-2.3, 0.5, 1.1]),
    "sqrt": (lambda x: x**0.5, lambda x: torch.pow(x, 0.5), [0.3, 2.0]),
    "power -1.5": (lambda x: x**-1.5, lambda x: torch.pow(x, -1.5), [0.3, 2.0]),
    "reciprocal": (lambda x: 1.0 / x, lambda x: 1.0 / x, [-2.0, 0.3, 2.0]),
    "two_to_the": (lambda x: 2**x, lambda x: torch.pow(2.0, x), [-1.5, 0.0, 2.5]),
    "x_to_the_x": (lambda x: x**x, lambda x: torch.pow(x, x), [0.4, 1.0, 2.2]),
    "x_over_x_squared_plus_one": (
        lambda x: x / (x * x + 1.0),
        lambda x: x / (x * x + 1.0),
        [-1.2, 0.6],
    ),
    # Piecewise-linear ops have second derivative 0 away from kinks; multiplied by x they do not.
    "relu_times_x": (lambda x: x.relu() * x, lambda x: torch.relu(x) * x, [-1.5, 0.8]),
    "abs_times_x": (lambda x: x.abs() * x, lambda x: torch.abs(x) * x, [-1.5, 0.8]),
    "leaky_relu_times_x": (
        lambda x: x.leaky_relu(0.1) * x,
        lambda x: functional.leaky_relu(x, 0.1) * x,
        [-1.5, 0.8],
    ),
    "max_min": (
        lambda x: x.max(0.5) * x.min(-0.25) - x,
        lambda x: (
            torch.maximum(x, torch.tensor(0.5, dtype=torch.float64))
            * torch.minimum(x, torch.tensor(-0.25, dtype=torch.float64))
            - x
        ),
        [-1.5, 0.1, 0.8],
    ),
    "sum_of_squares": (
        lambda x: sum_values([x * x, x.exp(), -x, 3.0]),
        lambda x: x * x + torch.exp(x) - x + 3.0,
        [-0.5, 1.5],
    ),
}


def torch_first_and_second(
    fn: Callable[[torch.Tensor], torch.Tensor], x: float
) -> tuple[float, float]:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad(fn(t), [t], create_graph=True)
    (second,) = torch.autograd.grad(first, [t], allow_unused=True)
    return first.item(), 0.0 if second is None else second.item()


@pytest.mark.parametrize(
    ("ours", "theirs", "x"),
    [
        pytest.param(ours, theirs, x, id=f"{name}-{x}")
        for name, (ours, theirs, points) in UNARY.items()
        for x in points
    ],
)
def test_second_derivative_matches_torch(
    ours: Callable[[Value], Value], theirs: Callable[[torch.Tensor], torch.Tensor], x: float
) -> None:
    expected_first, expected_second = torch_first_and_second(theirs, x)
    leaf = Value(x)
    (first,) = grad(ours(leaf), [leaf], create_graph=True)
    assert isinstance(first, Value)
    assert first.data == pytest.approx(expected_first, rel=REL, abs=ABS)
    (second,) = grad(first, [leaf])
    assert second == pytest.approx(expected_second, rel=REL, abs=ABS)
    # backward() on the gradient's graph gives the same second derivative.
    first.backward()
    assert leaf.grad == second


def test_third_derivative_of_tanh_matches_torch() -> None:
    leaf = Value(0.4)
    (first,) = grad(leaf.tanh(), [leaf], create_graph=True)
    (second,) = grad(first, [leaf], create_graph=True)
    (third,) = grad(second, [leaf])
    t = torch.tensor(0.4, dtype=torch.float64, requires_grad=True)
    (t1,) = torch.autograd.grad(torch.tanh(t), [t], create_graph=True)
    (t2,) = torch.autograd.grad(t1, [t], create_graph=True)
    (t3,) = torch.autograd.grad(t2, [t])
    assert (first.data, second.data) == pytest.approx((t1.item(), t2.item()), rel=REL)
    assert third == pytest.approx(t3.item(), rel=REL)


def test_mixed_partial_matches_torch() -> None:
    def ours(x: Value, y: Value) -> Value:
        return x * y.exp() + (x / y).tanh() + x**y

    def theirs(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return x * torch.exp(y) + torch.tanh(x / y) + torch.pow(x, y)

    x, y = Value(1.3), Value(0.7)
    d_dx, d_dy = grad(ours(x, y), [x, y], create_graph=True)
    (d2_dydx,) = grad(d_dx, [y])
    (d2_dxdy,) = grad(d_dy, [x])
    tx = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    tdx, _ = torch.autograd.grad(theirs(tx, ty), [tx, ty], create_graph=True)
    (expected,) = torch.autograd.grad(tdx, [ty])
    assert d2_dydx == pytest.approx(expected.item(), rel=REL)
    assert d2_dxdy == pytest.approx(d2_dydx, rel=REL)  # symmetric (Schwarz)


def hessian(fn: Callable[..., Value], point: list[float]) -> list[list[float]]:
    leaves = [Value(x) for x in point]
    firsts = grad(fn(*leaves), leaves, create_graph=True)
    return [grad(first, leaves) for first in firsts]


def torch_hessian(fn: Callable[..., torch.Tensor], point: list[float]) -> list[list[float]]:
    inputs = tuple(torch.tensor(x, dtype=torch.float64) for x in point)
    result = torch.autograd.functional.hessian(fn, inputs)
    return [[entry.item() for entry in row] for row in result]


def test_three_by_three_hessian_matches_torch() -> None:
    def ours(x: Value, y: Value, z: Value) -> Value:
        return (x * y * z).tanh() + x**2 * y.exp() + (z / y).sigmoid() + (x * z).log() * y

    def theirs(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return (
            torch.tanh(x * y * z)
            + torch.pow(x, 2.0) * torch.exp(y)
            + torch.sigmoid(z / y)
            + torch.log(x * z) * y
        )

    point = [0.8, -0.6, 1.7]
    ours_hessian = hessian(ours, point)
    expected = torch_hessian(theirs, point)
    for row, expected_row in zip(ours_hessian, expected, strict=True):
        assert row == pytest.approx(expected_row, rel=1e-11, abs=1e-13)
    assert ours_hessian[0][2] == pytest.approx(ours_hessian[2][0], rel=1e-12)


@pytest.mark.parametrize(
    ("ours", "theirs", "point"),
    [
        (lambda a, b: a * b, lambda a, b: a * b, [1.5, -2.0]),
        (lambda a, b: a / b, lambda a, b: a / b, [1.5, -2.0]),
        (lambda a, b: a**b, torch.pow, [1.5, -2.0]),
        (lambda a, b: a**b, torch.pow, [0.7, 2.5]),
        (lambda a, b: (a - b).softplus(), lambda a, b: functional.softplus(a - b), [0.3, 1.1]),
    ],
)
def test_binary_op_hessian_matches_torch(
    ours: Callable[..., Value], theirs: Callable[..., torch.Tensor], point: list[float]
) -> None:
    ours_hessian = hessian(ours, point)
    for row, expected_row in zip(ours_hessian, torch_hessian(theirs, point), strict=True):
        assert row == pytest.approx(expected_row, rel=REL, abs=ABS)


def test_create_graph_touches_no_grad_and_unused_input_is_zero() -> None:
    x, unused = Value(0.5), Value(2.0)
    y = x.exp() * x
    first, zero = grad(y, [x, unused], create_graph=True)
    assert isinstance(first, Value) and isinstance(zero, Value)
    assert zero.data == 0.0
    assert first.data == pytest.approx(0.5 * 2.718281828459045**0.5 + 2.718281828459045**0.5)
    assert all(v.grad == 0.0 for v in (x, unused, y))


# Issue 24, item 3: graphs where `backward` and `grad` skip a message (to a constant, or with
# a zero upstream) that cannot be computed; create_graph=True used to raise there.
SKIPPED_MESSAGES = [
    pytest.param(
        lambda x: (1e-10 * x) * 1e10, lambda x: (1e-10 * x) * 1e10, [1e300], id="constant-overflow"
    ),
    pytest.param(
        lambda b: 0**b,
        lambda b: torch.pow(torch.tensor(0.0, dtype=torch.float64), b),
        [0.5],
        id="zero-to-the-b",
    ),
    pytest.param(
        lambda x: x.log() * 0 + x, lambda x: torch.log(x) * 0 + x, [5e-324], id="log-subnormal"
    ),
    pytest.param(
        lambda x, w: x.relu() * w.sqrt(),
        lambda x, w: torch.relu(x) * torch.sqrt(w),
        [-1.0, 0.0],
        id="relu-times-sqrt-at-zero",
    ),
]


@pytest.mark.parametrize(("ours", "theirs", "point"), SKIPPED_MESSAGES)
def test_create_graph_skips_the_messages_the_first_order_pass_skips(
    ours: Callable[..., Value], theirs: Callable[..., torch.Tensor], point: list[float]
) -> None:
    leaves = [Value(x) for x in point]
    output = ours(*leaves)
    plain = grad(output, leaves)
    firsts = grad(output, leaves, create_graph=True)
    assert [first.data for first in firsts] == plain
    output.backward()
    assert [leaf.grad for leaf in leaves] == plain
    # torch float64: the same first derivatives and second derivatives wherever torch's are
    # numbers (at w = 0 torch's d/dw of relu(x)·√w is 0·∞ = nan; ours is 0, as backward's).
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]
    torch_firsts = torch.autograd.grad(theirs(*tensors), tensors, create_graph=True)
    for first, ours_second_row, torch_first in zip(
        firsts, [grad(first, leaves) for first in firsts], torch_firsts, strict=True
    ):
        if not torch.isnan(torch_first):
            assert first.data == torch_first.item()
        if not torch_first.requires_grad:
            torch_row = [0.0] * len(point)
        else:
            torch_row = [
                0.0 if d is None else d.item()
                for d in torch.autograd.grad(
                    torch_first, tensors, retain_graph=True, allow_unused=True
                )
            ]
        for ours_second, torch_second in zip(ours_second_row, torch_row, strict=True):
            if torch_second == torch_second:  # not nan
                assert ours_second == torch_second


def test_create_graph_still_raises_where_the_first_order_pass_does() -> None:
    a, b = Value(0.0, label="a"), Value(0.5, label="b")
    with pytest.raises(ZeroDivisionError, match=r"pow: the derivative d/da is infinite at a = 0.0"):
        grad(a**b, [a, b])
    with pytest.raises(ZeroDivisionError, match=r"pow: the derivative d/da is infinite at a = 0.0"):
        grad(a**b, [a, b], create_graph=True)
    x, y = Value(1e-300, label="x"), Value(1e308, label="y")
    for create_graph in (False, True):
        with pytest.raises(
            OverflowError, match=r"grad: the gradient of inputs\[0\] \(data 1e-300\) overflowed"
        ):
            grad(x * y + x * y, [x], create_graph=create_graph)  # type: ignore[call-overload]
