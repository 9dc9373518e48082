"""`gradcheck`: compare analytic gradients with central differences.

The numerical derivative of f at x is (f(x + eps) - f(x - eps)) / (2 eps),
whose error shrinks like eps^2 (a one-sided difference only like eps). It
needs nothing but the forward pass, so it checks the backward pass
independently: "check your implementation with numerical gradient", as the
seed lecture says. It fails near kinks (relu at 0, max at a tie, |x| at 0),
where the two sides disagree; choose inputs away from them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from autograd.backprop import grad
from autograd.value import Number, Value

__all__ = ["GradcheckError", "gradcheck", "numerical_grad"]


class GradcheckError(AssertionError):
    """Analytic and numerical gradients disagree; the message is a table of every mismatch."""


def _evaluate(fn: Callable[..., Value], numbers: Sequence[float]) -> Value:
    result = fn(*[Value(x) for x in numbers])
    if not isinstance(result, Value):
        raise TypeError(
            f"gradcheck: fn must return a Value, got {type(result).__name__} {result!r}"
        )
    return result


def numerical_grad(
    fn: Callable[..., Value], inputs: Sequence[Value | Number], eps: float = 1e-6
) -> list[float]:
    """Central differences (f(x_i + eps) - f(x_i - eps)) / (2 eps) for each input x_i."""
    numbers = [x.data if isinstance(x, Value) else float(x) for x in inputs]
    derivatives = []
    for i, x in enumerate(numbers):
        plus = _evaluate(fn, [*numbers[:i], x + eps, *numbers[i + 1 :]]).data
        minus = _evaluate(fn, [*numbers[:i], x - eps, *numbers[i + 1 :]]).data
        derivatives.append((plus - minus) / (2.0 * eps))
    return derivatives


def gradcheck(
    fn: Callable[..., Value],
    inputs: Sequence[Value | Number],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Check d fn(*inputs) / d inputs against central differences.

    `fn` takes one Value per input and returns a Value. The analytic gradient
    comes from `grad` (no `.grad` is touched); input i passes when
    |analytic - numeric| <= atol + rtol * |numeric|. Returns True, or raises
    `GradcheckError` whose message is a table of every input that failed.
    """
    if not inputs:
        raise ValueError("gradcheck: needs at least one input")
    numbers = [x.data if isinstance(x, Value) else Value(x).data for x in inputs]
    leaves = [Value(x) for x in numbers]
    output = fn(*leaves)
    if not isinstance(output, Value):
        raise TypeError(
            f"gradcheck: fn must return a Value, got {type(output).__name__} {output!r}"
        )
    analytic = grad(output, leaves)
    numeric = numerical_grad(fn, numbers, eps)
    rows = []
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        if abs(a - n) > atol + rtol * abs(n):
            rows.append(f"{i:>5}  {numbers[i]:>14.6g}  {a:>14.8g}  {n:>14.8g}  {abs(a - n):>10.3g}")
    if rows:
        header = (
            f"{'input':>5}  {'value':>14}  {'analytic':>14}  {'numeric':>14}  {'difference':>10}"
        )
        raise GradcheckError(
            f"gradcheck: {len(rows)} of {len(numbers)} gradients differ "
            f"(eps={eps}, atol={atol}, rtol={rtol})\n" + "\n".join([header, *rows])
        )
    return True
