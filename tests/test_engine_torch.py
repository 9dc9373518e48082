"""Every engine operation against PyTorch float64: forward values and gradients.

The second, independent oracle: the same expression is built once with
`Value`s (gradients from `backward()`) and once with float64 tensors
(gradients from `torch.autograd.grad`); values and gradients must agree to
about 1e-12 relative. Kinks are included on purpose where both libraries
document the same convention (relu'(0) = 0, |x|'(0) = 0, max/min at a tie
split the gradient in half).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as functional

from autograd import Value, sum_values

REL = 1e-12
ABS = 1e-15

# name -> (function of Values, the same function of tensors, input points)
CASES: dict[
    str, tuple[Callable[..., Value], Callable[..., torch.Tensor], list[tuple[float, ...]]]
] = {
    "add": (lambda a, b: a + b, lambda a, b: a + b, [(-2.0, 5.0), (0.3, -1.7)]),
    "radd": (lambda a: 1.5 + a, lambda a: 1.5 + a, [(-2.0,), (0.7,)]),
    "sub": (lambda a, b: a - b, lambda a, b: a - b, [(-2.0, 5.0), (0.3, -1.7)]),
    "rsub": (lambda a: 3.0 - a, lambda a: 3.0 - a, [(-2.0,), (0.7,)]),
    "neg": (lambda a: -a, lambda a: -a, [(-2.0,), (0.7,)]),
    "mul": (lambda a, b: a * b, lambda a, b: a * b, [(-2.0, 5.0), (0.3, -1.7)]),
    "rmul": (lambda a: 2.5 * a, lambda a: 2.5 * a, [(-2.0,), (0.7,)]),
    "div": (lambda a, b: a / b, lambda a, b: a / b, [(-2.0, 5.0), (0.3, -1.7), (3.0, 0.25)]),
    "rdiv": (lambda a: 2.0 / a, lambda a: 2.0 / a, [(-2.0,), (0.7,)]),
    "pow_square": (lambda a: a**2, lambda a: torch.pow(a, 2.0), [(-2.0,), (0.7,), (0.0,)]),
    "pow_cube": (lambda a: a**3, lambda a: torch.pow(a, 3.0), [(-2.0,), (0.7,)]),
    "pow_negative_integer": (lambda a: a**-2, lambda a: torch.pow(a, -2.0), [(-2.0,), (0.7,)]),
    "pow_half": (lambda a: a**0.5, lambda a: torch.pow(a, 0.5), [(0.3,), (2.0,)]),
    "pow_fractional_negative": (
        lambda a: a**-1.5,
        lambda a: torch.pow(a, -1.5),
        [(0.3,), (2.0,)],
    ),
    "pow_zero": (lambda a: a**0, lambda a: torch.pow(a, 0.0), [(0.0,), (-2.0,), (3.0,)]),
    "pow_value_exponent": (
        lambda a, b: a**b,
        torch.pow,
        [(2.0, 3.0), (0.5, -1.3), (3.7, 0.4), (0.0, 2.0)],
    ),
    "pow_number_base": (
        lambda b: 2**b,
        lambda b: torch.pow(2.0, b),
        [(-1.5,), (0.0,), (3.3,)],
    ),
    "exp": (lambda a: a.exp(), torch.exp, [(-2.0,), (0.0,), (1.7,), (30.0,)]),
    "log": (lambda a: a.log(), torch.log, [(0.2,), (1.0,), (7.5,), (1e-5,)]),
    "tanh": (lambda a: a.tanh(), torch.tanh, [(-2.0,), (0.0,), (0.9,)]),
    "sigmoid": (lambda a: a.sigmoid(), torch.sigmoid, [(-3.0,), (0.0,), (2.2,), (-15.0,)]),
    # torch's softplus switches to the identity above threshold=20: stay below it.
    "softplus": (lambda a: a.softplus(), functional.softplus, [(-3.0,), (0.0,), (2.2,), (15.0,)]),
    "log_sigmoid": (
        lambda a: a.log_sigmoid(),
        functional.logsigmoid,
        [(-3.0,), (0.0,), (2.2,), (-25.0,), (25.0,)],
    ),
    "relu": (lambda a: a.relu(), torch.relu, [(-1.5,), (0.0,), (3.0,)]),
    "leaky_relu_default": (
        lambda a: a.leaky_relu(),
        lambda a: functional.leaky_relu(a, 0.01),
        [(-1.5,), (0.0,), (0.8,)],
    ),
    "leaky_relu_slope": (
        lambda a: a.leaky_relu(0.2),
        lambda a: functional.leaky_relu(a, 0.2),
        [(-1.5,), (0.0,), (0.8,)],
    ),
    "elu_default": (lambda a: a.elu(), functional.elu, [(-1.5,), (0.0,), (0.8,)]),
    "elu_alpha": (
        lambda a: a.elu(0.7),
        lambda a: functional.elu(a, alpha=0.7),
        [(-1.5,), (-0.1,), (0.8,)],
    ),
    "abs": (lambda a: a.abs(), torch.abs, [(-1.5,), (0.0,), (0.8,)]),
    "max": (lambda a, b: a.max(b), torch.maximum, [(-1.5, 0.5), (2.0, -1.0), (0.7, 0.7)]),
    "min": (lambda a, b: a.min(b), torch.minimum, [(-1.5, 0.5), (2.0, -1.0), (0.7, 0.7)]),
    "sum_values": (
        lambda a, b, c: sum_values([a, b, c, b]),
        lambda a, b, c: a + b + c + b,
        [(-1.5, 0.5, 3.0), (2.0, -1.0, 0.1)],
    ),
    "seed_neuron": (
        lambda w0, x0, w1, x1, w2: (w0 * x0 + w1 * x1 + w2).sigmoid(),
        lambda w0, x0, w1, x1, w2: torch.sigmoid(w0 * x0 + w1 * x1 + w2),
        [(2.0, -1.0, -3.0, -2.0, -3.0)],
    ),
    "composite": (
        lambda a, b: (a * b + a.exp()).tanh() * (b**2 + 1.0).log() - a / (b.abs() + 1.0),
        lambda a, b: torch.tanh(a * b + torch.exp(a)) * torch.log(b**2 + 1.0) - a / (b.abs() + 1.0),
        [(-0.4, 1.3), (0.2, -0.8)],
    ),
}

PARAMS = [
    pytest.param(ours, theirs, point, id=f"{name}-{point}")
    for name, (ours, theirs, points) in CASES.items()
    for point in points
]


def torch_value_and_grads(
    fn: Callable[..., torch.Tensor], point: tuple[float, ...]
) -> tuple[float, list[float]]:
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]
    output = fn(*tensors)
    grads = torch.autograd.grad(output, tensors, allow_unused=True)
    return output.item(), [0.0 if g is None else g.item() for g in grads]


@pytest.mark.parametrize(("ours", "theirs", "point"), PARAMS)
def test_value_and_gradients_match_torch(
    ours: Callable[..., Value], theirs: Callable[..., torch.Tensor], point: tuple[float, ...]
) -> None:
    expected_value, expected_grads = torch_value_and_grads(theirs, point)
    leaves = [Value(x) for x in point]
    output = ours(*leaves)
    output.backward()
    assert output.data == pytest.approx(expected_value, rel=REL, abs=ABS)
    for leaf, expected in zip(leaves, expected_grads, strict=True):
        assert leaf.grad == pytest.approx(expected, rel=REL, abs=ABS)


def test_tie_is_split_in_half_by_torch_and_by_us() -> None:
    # The convention itself, checked against torch rather than assumed.
    for ours, theirs in ((Value.max, torch.maximum), (Value.min, torch.minimum)):
        _, expected = torch_value_and_grads(theirs, (1.25, 1.25))
        assert expected == [0.5, 0.5]
        a, b = Value(1.25), Value(1.25)
        ours(a, b).backward()
        assert (a.grad, b.grad) == (0.5, 0.5)
