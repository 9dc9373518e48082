"""Local gradients as `Value`s, so that gradients can be differentiated again.

`grad(..., create_graph=True)` builds the backward pass itself out of `Value`
operations: each message upstream x local_grad becomes new nodes of a graph,
which `grad` or `backward` can walk once more (second derivatives, mixed
partials, Hessians). For that it needs every local gradient as an expression
in the node's Values, not as a float. This table mirrors `LOCAL_GRADS` in
`value.py` rule for rule (the tests check that both give the same numbers).
Where a local gradient is piecewise constant (relu, max, abs, ...), its
derivative is zero almost everywhere, so a float constant is the exact answer.
"""

from __future__ import annotations

from collections.abc import Callable

from autograd.value import LOCAL_GRADS, Value

__all__ = ["VALUE_LOCAL_GRADS"]

LocalGrad = Value | float


def _mul(out: Value) -> tuple[LocalGrad, ...]:
    a, b = out.inputs
    return (b, a)  # d/da ab = b, d/db ab = a


def _div(out: Value) -> tuple[LocalGrad, ...]:
    _, b = out.inputs
    return (1.0 / b, -out / b)  # d/da a/b = 1/b, d/db a/b = -(a/b)/b


def _pow_number(out: Value) -> tuple[LocalGrad, ...]:
    x, n = out.inputs
    if n.data == 0.0:
        return (0.0,)  # d/dx x^0 = 0
    LOCAL_GRADS["**"](out)  # raises the same clear error where the derivative is infinite
    return (n.data * x ** (n.data - 1.0),)  # d/dx x^n = n x^(n-1)


def _pow_value(out: Value) -> tuple[LocalGrad, ...]:
    a, b = out.inputs
    LOCAL_GRADS["pow"](out)  # same domain checks (negative base, infinite slope)
    base_grad: LocalGrad = 0.0 if b.data == 0.0 else b * a ** (b - 1.0)
    exponent_grad: LocalGrad = 0.0 if a.data == 0.0 else out * a.log()
    return (base_grad, exponent_grad)  # d/da a^b = b a^(b-1), d/db a^b = a^b ln a


def _log(out: Value) -> tuple[LocalGrad, ...]:
    (x,) = out.inputs
    return (1.0 / x,)  # d/dx ln x = 1/x


def _softplus(out: Value) -> tuple[LocalGrad, ...]:
    (x,) = out.inputs
    return (x.sigmoid(),)  # d/dx softplus(x) = sigma(x)


def _log_sigmoid(out: Value) -> tuple[LocalGrad, ...]:
    (x,) = out.inputs
    return ((-x).sigmoid(),)  # d/dx ln sigma(x) = sigma(-x)


def _elu(out: Value) -> tuple[LocalGrad, ...]:
    x, alpha = out.inputs
    return (1.0 if x.data > 0.0 else alpha.data * x.exp(),)  # alpha e^x for x <= 0


def _piecewise_constant(out: Value) -> tuple[LocalGrad, ...]:
    """relu, leaky_relu, abs, max, min, +, -, neg, sum: constant local gradients."""
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
    "exp": lambda out: (out,),  # d/dx e^x = e^x
    "log": _log,
    "tanh": lambda out: (1.0 - out * out,),  # d/dx tanh x = 1 - tanh^2 x
    "sigmoid": lambda out: (out * (1.0 - out),),  # d/dx sigma = sigma (1 - sigma)
    "softplus": _softplus,
    "log_sigmoid": _log_sigmoid,
    "relu": _piecewise_constant,
    "leaky_relu": _piecewise_constant,
    "elu": _elu,
    "abs": _piecewise_constant,
    "max": _piecewise_constant,
    "min": _piecewise_constant,
}
