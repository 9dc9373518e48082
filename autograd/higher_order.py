"""Local gradients as `Value`s, so that gradients can be differentiated again.

`grad(..., create_graph=True)` builds the backward pass itself out of `Value`
operations: each message upstream x local_grad becomes new nodes of a graph,
which `grad` or `backward` can walk once more (second derivatives, mixed
partials, Hessians). For that it needs every local gradient as an expression
in the node's Values, not as a float. This table is the second of three views
of the same rules: `LOCAL_GRADS` in `value.py` (floats, used by `backward`),
this one, and `OP_TEMPLATES` in `op_templates.py` (source text, used by
`to_python` and `compile`). `tests/test_engine_higher_order.py` checks that it
covers every op of `LOCAL_GRADS` and gives the same numbers. Where a local
gradient is piecewise constant (relu, max, abs, ...), its derivative is zero
almost everywhere, so a float constant is the exact answer.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd.value import LOCAL_GRADS, Value

__all__ = ["VALUE_LOCAL_GRADS"]

# A local gradient: a Value where it depends on the inputs, a float where it is constant.
LocalGrad = Value | float


def _mul(out: Value) -> tuple[LocalGrad, ...]:
    """d/da ab = b, d/db ab = a."""
    a, b = out.inputs
    return (b, a)


def _div(out: Value) -> tuple[LocalGrad, ...]:
    """d/da a/b = 1/b, d/db a/b = -(a/b)/b."""
    _, b = out.inputs
    return (1.0 / b, -out / b)


def _pow_number(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx x^n = n x^(n-1) for a constant n (0 for n = 0, as in value.py)."""
    x, n = out.inputs
    if n.data == 0.0:
        return (0.0,)
    LOCAL_GRADS["**"](out)  # called only for its error where the derivative is infinite
    return (n.data * x ** (n.data - 1.0),)


def _pow_value(out: Value) -> tuple[LocalGrad, ...]:
    """d/da a^b = b a^(b-1), d/db a^b = a^b ln(a) (the same special cases as value.py)."""
    a, b = out.inputs
    LOCAL_GRADS["pow"](out)  # called only for its domain errors (negative base, infinite slope)
    base_grad: LocalGrad = 0.0 if b.data == 0.0 else b * a ** (b - 1.0)
    exponent_grad: LocalGrad = 0.0 if a.data == 0.0 else out * a.log()
    return (base_grad, exponent_grad)


def _exp(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx e^x = e^x: the output node itself."""
    return (out,)


def _log(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx ln(x) = 1/x."""
    (x,) = out.inputs
    return (1.0 / x,)


def _tanh(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx tanh(x) = 1 - tanh(x)^2, from the output node."""
    return (1.0 - out * out,)


def _sigmoid(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx sigma(x) = sigma(x) (1 - sigma(x)), from the output node."""
    return (out * (1.0 - out),)


def _softplus(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx softplus(x) = sigma(x)."""
    (x,) = out.inputs
    return (x.sigmoid(),)


def _log_sigmoid(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx ln(sigma(x)) = sigma(-x)."""
    (x,) = out.inputs
    return ((-x).sigmoid(),)


def _elu(out: Value) -> tuple[LocalGrad, ...]:
    """d/dx elu(x) = 1 for x > 0, else alpha e^x (alpha is a constant)."""
    x, alpha = out.inputs
    return (1.0 if x.data > 0.0 else alpha.data * x.exp(),)


def _piecewise_constant(out: Value) -> tuple[LocalGrad, ...]:
    """relu, leaky_relu, abs, max, min, +, -, neg, sum: constant local gradients.

    Their float rules from `LOCAL_GRADS` are already exact: a constant's derivative is 0.
    """
    return LOCAL_GRADS[out.op](out)


# op name -> rule(out) giving d(out)/d(input) for each input, as Values where they vary.
VALUE_LOCAL_GRADS: dict[str, Callable[[Value], tuple[LocalGrad, ...]]] = {
    "+": _piecewise_constant,
    "-": _piecewise_constant,
    "neg": _piecewise_constant,
    "sum": _piecewise_constant,
    "*": _mul,
    "/": _div,
    "**": _pow_number,
    "pow": _pow_value,
    "exp": _exp,
    "log": _log,
    "tanh": _tanh,
    "sigmoid": _sigmoid,
    "softplus": _softplus,
    "log_sigmoid": _log_sigmoid,
    "relu": _piecewise_constant,
    "leaky_relu": _piecewise_constant,
    "elu": _elu,
    "abs": _piecewise_constant,
    "max": _piecewise_constant,
    "min": _piecewise_constant,
}
