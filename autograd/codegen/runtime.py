"""The few small functions that generated backprop code calls.

Code written by `autograd.to_python` and `autograd.compile` is plain Python
arithmetic, except for the operations that need a branch or a domain check to
compute exactly what the engine computes: the stable sigmoid family, real
powers, and the checked `exp` and `log`. They live here, each one a copy of the
engine's own arithmetic (or a call into it), so generated code gives the
engine's numbers bit for bit and never silently makes nan, inf or a complex
number. Everything else (`tanh`, `expm1`, `fsum`) comes straight from `math`.
"""

from __future__ import annotations

import math

from autograd.value import _power, _sigmoid

__all__ = [
    "exp",
    "log",
    "log_sigmoid",
    "power",
    "power_exponent_slope",
    "power_slope",
    "sigmoid",
    "softplus",
]


def exp(x: float) -> float:
    """e^x; an error rather than inf above x = 709.78."""
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(f"exp: e ** {x!r} overflows a float") from None


def log(x: float) -> float:
    """Natural logarithm ln(x), for x > 0 only."""
    if x <= 0.0:
        raise ValueError(f"log: input must be positive, got {x!r}")
    return math.log(x)


def sigmoid(x: float) -> float:
    """sigma(x) = 1 / (1 + e^-x), computed so that e^-x never overflows (the engine's `_sigmoid`)."""
    return _sigmoid(x)


def softplus(x: float) -> float:
    """softplus(x) = ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|)."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def log_sigmoid(x: float) -> float:
    """ln(sigma(x)) = min(x, 0) - ln(1 + e^-|x|)."""
    return min(x, 0.0) - math.log1p(math.exp(-abs(x)))


def power(base: float, exponent: float) -> float:
    """base ** exponent as a real float, or a clear error (never complex, inf or nan)."""
    return _power("power", base, exponent)


def power_slope(x: float, n: float) -> float:
    """d/dx x^n = n * x^(n-1), and 0 for n = 0 (as PyTorch, at x = 0 too)."""
    if n == 0.0:
        return 0.0
    if x == 0.0 and n < 1.0:
        raise ZeroDivisionError(f"power: the derivative of x ** {n!r} is infinite at x = 0.0")
    return n * _power("power", x, n - 1.0)


def power_exponent_slope(out: float, a: float) -> float:
    """d/db a^b = a^b * ln(a) (given out = a^b); 0 at a = 0; an error for a < 0."""
    if a > 0.0:
        return out * math.log(a)
    if a == 0.0:
        return 0.0
    raise ValueError(
        f"pow: d/db a ** b = a ** b * ln(a) is undefined for the negative base a = {a!r}"
    )
