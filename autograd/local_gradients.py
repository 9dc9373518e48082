"""Every op's local gradients on floats: what `backward` runs. GENERATED: do not edit.

Written by `python -m autograd.codegen.float_rules` from the rules in `autograd/ops.py` (the same
source `to_python` and `compile` print, so the engine and the generated programs agree bit for
bit). Change a rule there, then run that command; `tests/test_local_gradients.py` fails while
this file differs from what it would write.

`LOCAL_GRADS_GENERATED[op](node)` gives d(node)/d(input) for each differentiable input;
`autograd.rules.LOCAL_GRADS` is this table (plus any op added since, read from its rule).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from autograd.ops import cos, exp, log, power, sigmoid, sin, value_power

__all__ = ["LOCAL_GRADS_GENERATED", "Node"]


class Node(Protocol):
    """What a local-gradient function reads of a node (in practice, a `Value`)."""

    @property
    def _data(self) -> float: ...
    @property
    def _inputs(self) -> Sequence[Node]: ...


def add_local_grads(node: Node) -> tuple[float, ...]:
    """d/da (a + b) = 1, d/db (a + b) = 1."""
    return (1.0, 1.0)


def subtract_local_grads(node: Node) -> tuple[float, ...]:
    """d/da (a - b) = 1, d/db (a - b) = -1."""
    return (1.0, (-1.0))


def negate_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx (-x) = -1."""
    return ((-1.0),)


def multiply_local_grads(node: Node) -> tuple[float, ...]:
    """d/da (a * b) = b, d/db (a * b) = a."""
    a = node._inputs[0]._data
    b = node._inputs[1]._data
    return (b, a)


def divide_local_grads(node: Node) -> tuple[float, ...]:
    """d/da (a / b) = 1/b, d/db (a / b) = -a/b^2 = -(a/b)/b (no b^2 to underflow)."""
    out = node._data
    b = node._inputs[1]._data
    return (1.0 / b, -out / b)


def power_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx x^n = n x^(n-1); 0 for n = 0 (at x = 0 too, as PyTorch). n gets no gradient."""
    x = node._inputs[0]._data
    n = node._inputs[1]._data
    return (0.0 if n == 0.0 else n * power(x, n - 1.0),)


def value_power_local_grads(node: Node) -> tuple[float, ...]:
    """d/da a^b = b a^(b-1) (0 for b = 0); d/db a^b = a^b ln(a) (0 at a = 0, as PyTorch)."""
    out = node._data
    a = node._inputs[0]._data
    b = node._inputs[1]._data
    return (0.0 if b == 0.0 else b * value_power(a, b - 1.0), 0.0 if a == 0.0 else out * log(a))


def exp_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx e^x = e^x: the output itself."""
    out = node._data
    return (out,)


def log_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx ln(x) = 1/x."""
    x = node._inputs[0]._data
    return (1.0 / x,)


def sqrt_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx sqrt(x) = 1 / (2 sqrt(x)) = 0.5 / out: infinite at x = 0, an error there."""
    out = node._data
    return (0.5 / out,)


def sin_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx sin(x) = cos(x)."""
    x = node._inputs[0]._data
    return (cos(x),)


def cos_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx cos(x) = -sin(x)."""
    x = node._inputs[0]._data
    return (-sin(x),)


def tan_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx tan(x) = 1 + tan(x)^2, from the output (as PyTorch)."""
    out = node._data
    return (1.0 + out * out,)


def tanh_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx tanh(x) = 1 - tanh(x)^2, from the output: no second exponential."""
    out = node._data
    return (1.0 - out * out,)


def sigmoid_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx sigma(x) = sigma(x) (1 - sigma(x)), from the output."""
    out = node._data
    return (out * (1.0 - out),)


def softplus_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx softplus(x) = sigma(x)."""
    x = node._inputs[0]._data
    return (sigmoid(x),)


def log_sigmoid_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx ln(sigma(x)) = 1 - sigma(x) = sigma(-x) (no cancellation for large x)."""
    x = node._inputs[0]._data
    return (sigmoid(-x),)


def relu_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx relu(x) = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
    x = node._inputs[0]._data
    return (1.0 if x > 0.0 else 0.0,)


def leaky_relu_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx leaky_relu(x) = 1 for x > 0, else slope (slope at x = 0, as PyTorch)."""
    x = node._inputs[0]._data
    slope = node._inputs[1]._data
    return (1.0 if x > 0.0 else slope,)


def elu_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx elu(x) = 1 for x > 0, else alpha e^x (alpha at x = 0, as PyTorch)."""
    x = node._inputs[0]._data
    alpha = node._inputs[1]._data
    return (1.0 if x > 0.0 else alpha * exp(0.0 if x > 0.0 else x),)


def absolute_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx |x| = sign(x), and 0 at x = 0 (as PyTorch's sign)."""
    x = node._inputs[0]._data
    return (1.0 if x > 0.0 else (-1.0) if x < 0.0 else 0.0,)


def maximum_local_grads(node: Node) -> tuple[float, ...]:
    """max routes the gradient to the larger input; a tie splits it in half (as PyTorch)."""
    a = node._inputs[0]._data
    b = node._inputs[1]._data
    return (1.0 if a > b else 0.0 if a < b else 0.5, 0.0 if a > b else 1.0 if a < b else 0.5)


def minimum_local_grads(node: Node) -> tuple[float, ...]:
    """min routes the gradient to the smaller input; a tie splits it in half (as PyTorch)."""
    a = node._inputs[0]._data
    b = node._inputs[1]._data
    return (1.0 if a < b else 0.0 if a > b else 0.5, 0.0 if a < b else 1.0 if a > b else 0.5)


def total_local_grads(node: Node) -> tuple[float, ...]:
    """d/dx_i (x_1 + ... + x_n) = 1 for every input (the rule of one input, used for each)."""
    return (1.0,) * len(node._inputs)


# op name -> its local gradients on floats, in the order of `autograd.ops.OPS`
LOCAL_GRADS_GENERATED: dict[str, Callable[[Node], tuple[float, ...]]] = {
    "+": add_local_grads,
    "-": subtract_local_grads,
    "neg": negate_local_grads,
    "*": multiply_local_grads,
    "/": divide_local_grads,
    "**": power_local_grads,
    "pow": value_power_local_grads,
    "exp": exp_local_grads,
    "log": log_local_grads,
    "sqrt": sqrt_local_grads,
    "sin": sin_local_grads,
    "cos": cos_local_grads,
    "tan": tan_local_grads,
    "tanh": tanh_local_grads,
    "sigmoid": sigmoid_local_grads,
    "softplus": softplus_local_grads,
    "log_sigmoid": log_sigmoid_local_grads,
    "relu": relu_local_grads,
    "leaky_relu": leaky_relu_local_grads,
    "elu": elu_local_grads,
    "abs": absolute_local_grads,
    "max": maximum_local_grads,
    "min": minimum_local_grads,
    "sum": total_local_grads,
}
