"""`gradcheck`: compare analytic gradients with central differences.

The numerical derivative of f at x is (f(x + eps) - f(x - eps)) / (2 eps),
whose error shrinks like eps^2 (a one-sided difference only like eps). It
needs nothing but the forward pass, so it checks the backward pass
independently: "check your implementation with numerical gradient", as the
seed lecture says. It fails near kinks (relu at 0, max at a tie, |x| at 0),
where the two sides disagree; choose inputs away from them. The defaults
(eps 1e-6, atol 1e-5, rtol 1e-3) are those of `torch.autograd.gradcheck`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.gradients import grad
from autograd.i18n import _
from autograd.value import Number, Value

__all__ = ["GradcheckError", "gradcheck", "numerical_grad"]


class GradcheckError(AssertionError):
    """Analytic and numerical gradients disagree; the message is a table of every mismatch."""


def _checked_output(result: object) -> Value:
    """`fn`'s result, or a clear error if it is not a Value."""
    if not isinstance(result, Value):
        raise TypeError(
            f"gradcheck: fn must return a Value, got {type(result).__name__} {result!r}"
        )
    return result


def _evaluate(fn: Callable[..., Value], numbers: Sequence[float]) -> Value:
    """fn called on fresh leaves holding `numbers` (the forward pass only)."""
    return _checked_output(fn(*[Value(x) for x in numbers]))


def _check_setting(value: object, name: str, where: str, *, positive: bool) -> float:
    """`value` as a float if it is a finite number >= 0 (> 0 if `positive`), else a clear error.

    A nan tolerance makes every comparison false, so a check with atol=nan (or atol=inf) would
    pass any gradient, however wrong; eps = 0 would divide by zero.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
        or (positive and value == 0)
    ):
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"{where}: {name} must be a finite number {bound}, got {value!r}")
    return float(value)


def numerical_grad(
    fn: Callable[..., Value], inputs: Sequence[Value | Number], eps: float = 1e-6
) -> list[float]:
    """Central differences (f(x_i + eps) - f(x_i - eps)) / (2 eps) for each input x_i."""
    eps = _check_setting(eps, "eps", "numerical_grad", positive=True)
    numbers = [x.data if isinstance(x, Value) else float(x) for x in inputs]
    derivatives = []
    for i, x in enumerate(numbers):  # move input i alone, by +eps and by -eps
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
    `GradcheckError` whose message is a table of every input that failed. `eps` must be a
    finite number > 0 and `atol`, `rtol` finite numbers >= 0 (a nan tolerance would pass
    anything), else a ValueError.
    """
    if not inputs:
        raise ValueError("gradcheck: needs at least one input")
    eps = _check_setting(eps, "eps", "gradcheck", positive=True)
    atol = _check_setting(atol, "atol", "gradcheck", positive=False)
    rtol = _check_setting(rtol, "rtol", "gradcheck", positive=False)
    # Value(x).data checks a number (a bool or nan is an error naming "Value").
    numbers = [x.data if isinstance(x, Value) else Value(x).data for x in inputs]
    leaves = [Value(x) for x in numbers]
    output = _checked_output(fn(*leaves))
    analytic = grad(output, leaves)
    numeric = numerical_grad(fn, numbers, eps)
    rows = []
    for i, (analytic_grad, numeric_grad) in enumerate(zip(analytic, numeric)):
        difference = abs(analytic_grad - numeric_grad)
        if difference > atol + rtol * abs(numeric_grad):
            rows.append(
                f"{i:>5}  {numbers[i]:>14.6g}  {analytic_grad:>14.8g}  {numeric_grad:>14.8g}"
                f"  {difference:>10.3g}"
            )
    if rows:
        columns = (_("input"), _("value"), _("analytic"), _("numeric"), _("difference"))
        header = "  ".join(word.rjust(width) for word, width in zip(columns, (5, 14, 14, 14, 10)))
        summary = _(
            "gradcheck: {count} of {total} gradients differ (eps={eps}, atol={atol}, rtol={rtol})"
        ).format(count=len(rows), total=len(numbers), eps=eps, atol=atol, rtol=rtol)
        raise GradcheckError("\n".join([summary, header, *rows]))
    return True
