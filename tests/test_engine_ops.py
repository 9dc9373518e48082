"""Every engine operation checked against central differences with `autograd.gradcheck`.

Each case is a function of Values and a few input points chosen away from kinks
(relu at 0, |x| at 0, max/min at a tie), where central differences are exact
up to eps^2. The forward values are also checked against the `math` formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from autograd import Value, gradcheck, numerical_grad, sum_values

Fn = Callable[..., Value]

# name -> (function of Values, the same function of floats, input points away from kinks)
CASES: dict[str, tuple[Fn, Callable[..., float], list[tuple[float, ...]]]] = {
    "add": (lambda a, b: a + b, lambda a, b: a + b, [(-2.0, 5.0), (0.3, -1.7), (4.0, 4.0)]),
    "add_number_left": (lambda a: 1.5 + a, lambda a: 1.5 + a, [(-2.0,), (0.7,)]),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, [(-2.0, 5.0), (0.3, -1.7)]),
    "sub_number_left": (lambda a: 3.0 - a, lambda a: 3.0 - a, [(-2.0,), (0.7,)]),
    "neg": (lambda a: -a, lambda a: -a, [(-2.0,), (0.7,), (3.5,)]),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, [(-2.0, 5.0), (0.3, -1.7), (1.1, 1.1)]),
    "mul_number_left": (lambda a: 2.5 * a, lambda a: 2.5 * a, [(-2.0,), (0.7,)]),
    "div": (lambda a, b: a / b, lambda a, b: a / b, [(-2.0, 5.0), (0.3, -1.7), (3.0, 0.25)]),
    "div_number_left": (lambda a: 2.0 / a, lambda a: 2.0 / a, [(-2.0,), (0.7,)]),
    "pow_square": (lambda a: a**2, lambda a: a**2, [(-2.0,), (0.7,), (3.5,)]),
    "pow_cube": (lambda a: a**3, lambda a: a**3, [(-2.0,), (0.7,)]),
    "pow_negative_integer": (lambda a: a**-2, lambda a: a**-2, [(-2.0,), (0.7,)]),
    "pow_half": (lambda a: a**0.5, lambda a: a**0.5, [(0.3,), (2.0,), (9.0,)]),
    "pow_fractional_negative": (lambda a: a**-1.5, lambda a: a**-1.5, [(0.3,), (2.0,)]),
    "pow_value_exponent": (
        lambda a, b: a**b,
        lambda a, b: a**b,
        [(2.0, 3.0), (0.5, -1.3), (3.7, 0.4)],
    ),
    "pow_number_base": (lambda b: 2**b, lambda b: 2**b, [(-1.5,), (0.0,), (3.3,)]),
    "exp": (lambda a: a.exp(), math.exp, [(-2.0,), (0.0,), (1.7,)]),
    "log": (lambda a: a.log(), math.log, [(0.2,), (1.0,), (7.5,)]),
    "tanh": (lambda a: a.tanh(), math.tanh, [(-2.0,), (0.0,), (0.9,)]),
    "sigmoid": (lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), [(-3.0,), (0.0,), (2.2,)]),
    "softplus": (
        lambda a: a.softplus(),
        lambda a: math.log1p(math.exp(a)),
        [(-3.0,), (0.0,), (2.2,)],
    ),
    "log_sigmoid": (
        lambda a: a.log_sigmoid(),
        lambda a: -math.log1p(math.exp(-a)),
        [(-3.0,), (0.0,), (2.2,)],
    ),
    "relu": (lambda a: a.relu(), lambda a: max(a, 0.0), [(-1.5,), (0.8,), (3.0,)]),
    "leaky_relu_default": (
        lambda a: a.leaky_relu(),
        lambda a: a if a > 0 else 0.01 * a,
        [(-1.5,), (0.8,)],
    ),
    "leaky_relu_slope": (
        lambda a: a.leaky_relu(0.1),
        lambda a: a if a > 0 else 0.1 * a,
        [(-1.5,), (0.8,)],
    ),
    "elu_default": (
        lambda a: a.elu(),
        lambda a: a if a > 0 else math.expm1(a),
        [(-1.5,), (0.8,)],
    ),
    "elu_alpha": (
        lambda a: a.elu(0.7),
        lambda a: a if a > 0 else 0.7 * math.expm1(a),
        [(-1.5,), (-0.1,), (0.8,)],
    ),
    "abs": (lambda a: a.abs(), abs, [(-1.5,), (0.8,)]),
    "max": (lambda a, b: a.max(b), max, [(-1.5, 0.5), (2.0, -1.0)]),
    "max_number": (lambda a: a.max(0.25), lambda a: max(a, 0.25), [(-1.5,), (2.0,)]),
    "min": (lambda a, b: a.min(b), min, [(-1.5, 0.5), (2.0, -1.0)]),
    "min_number": (lambda a: a.min(0.25), lambda a: min(a, 0.25), [(-1.5,), (2.0,)]),
    "sum_values": (
        lambda a, b, c: sum_values([a, b, c, 2.0]),
        lambda a, b, c: a + b + c + 2.0,
        [(-1.5, 0.5, 3.0), (2.0, -1.0, 0.1)],
    ),
    "composite": (
        lambda a, b: (a * b + a.exp()).tanh() * (b**2 + 1.0).log() - a / (b.abs() + 1.0),
        lambda a, b: math.tanh(a * b + math.exp(a)) * math.log(b**2 + 1.0) - a / (abs(b) + 1.0),
        [(-0.4, 1.3), (0.2, -0.8)],
    ),
}

PARAMS = [
    pytest.param(fn, reference, point, id=f"{name}-{point}")
    for name, (fn, reference, points) in CASES.items()
    for point in points
]


@pytest.mark.parametrize(("fn", "reference", "point"), PARAMS)
def test_gradcheck_every_op(
    fn: Fn, reference: Callable[..., float], point: tuple[float, ...]
) -> None:
    assert gradcheck(fn, list(point), eps=1e-6, atol=1e-7, rtol=1e-6) is True
    output = fn(*[Value(x) for x in point])
    assert output.data == pytest.approx(reference(*point), rel=1e-14, abs=1e-15)


@pytest.mark.parametrize(("fn", "reference", "point"), PARAMS)
def test_backward_matches_numerical_grad(
    fn: Fn, reference: Callable[..., float], point: tuple[float, ...]
) -> None:
    leaves = [Value(x) for x in point]
    fn(*leaves).backward()
    numeric = numerical_grad(fn, list(point), eps=1e-6)
    for leaf, expected in zip(leaves, numeric, strict=True):
        assert leaf.grad == pytest.approx(expected, rel=1e-6, abs=1e-7)
