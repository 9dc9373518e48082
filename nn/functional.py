"""Losses and softmax, built from engine operations so every step can be drawn.

Every function here is a composition of `Value` operations (`-`, `*`, `/`,
`exp`, `log`, `relu`, `softplus`, `log_sigmoid`, `sum_values`): there is no
special "loss node", so a drawing shows each intermediate value and the
stepper walks through each local gradient. Numerical stability comes from the
way they are composed, not from a fused node:

- softmax, log_softmax, logsumexp and cross_entropy subtract the largest logit m
  first (a number, not a node: the result does not depend on m, so no gradient
  flows through it), so e^(x - m) <= 1 never overflows, and they are written in
  the shifted logits s = x - m throughout (never m + ... - x_y), so they stay exact
  to a few ulps at logits of ±1000 and up to ±1e300; where a result itself would not fit a
  float (cross_entropy([1e308, -1e308], 1) is 2e308) they raise OverflowError, never a
  wrong finite number (PyTorch gives inf);
- cross_entropy shows its parts as the lecture names them: the probabilities p₁ … p_K
  (nodes with `Role("p", index=k)`), the log of the true class's probability ln p_y and the
  loss, so a caption can point at p_k − y_k; where p_y underflows it is the log-sum-exp form;
- binary_cross_entropy_with_logits uses the engine's stable `log_sigmoid` and
  `softplus` nodes: -log sigma(z) and -log(1 - sigma(z)) = softplus(z), never log 0.

The result of each loss (and the `mean` of losses) carries `Role("loss")` in `value.role`,
so drawings can call it `loss` (see `autograd/roles.py`).

Each function validates its input (empty lists, a target index out of range,
a temperature <= 0, a BCE target outside [0, 1]) with an error naming it.
Values equal `torch.nn.functional`'s in float64 (the tests check that);
`multiclass_hinge` is the seed's SVM loss, PyTorch's `multi_margin_loss` times
the number of classes.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from decimal import Decimal
from numbers import Integral, Real
from typing import TypeGuard

from autograd import Value, sum_values
from autograd.roles import Role
from autograd.value import as_value
from autograd.viz.notation import subscript_text

__all__ = [
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "l2",
    "log_softmax",
    "logsumexp",
    "mean",
    "mse_loss",
    "multiclass_hinge",
    "softmax",
]

Scalar = Value | float | int  # a number becomes a constant leaf
Scalars = Sequence[Scalar]

_LOSS = Role("loss")


def _as_loss(value: Value) -> Value:
    """Mark `value` (a node this module just made) as a loss, for drawings; returns it."""
    value.role = _LOSS
    return value


def _as_values(values: object, where: str) -> list[Value]:
    """A non-empty list of Values; numbers become constant leaves."""
    if isinstance(values, (Value, int, float, str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(
            f"{where}: expected a list of Values or numbers, got {type(values).__name__} {values!r}"
        )
    if not values:
        raise ValueError(f"{where}: expected at least one value, got an empty list")
    return [as_value(x, f"{where}: element {position}") for position, x in enumerate(values)]


def _is_real(x: object) -> TypeGuard[float]:
    """A real number of any type but bool: int, float, numpy's scalars (`numbers.Real`)."""
    return not isinstance(x, bool) and isinstance(x, Real)


def _check_temperature(temperature: object, where: str) -> float:
    """`temperature` as a float if it is a finite number > 0, else a clear error."""
    if not _is_real(temperature) or not math.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"{where}: temperature must be a finite number > 0, got {temperature!r}")
    return float(temperature)


def _check_target(target: object, count: int, where: str) -> int:
    """`target` as an int if it is a class index 0..count-1 (a Python or numpy integer), else a
    clear error."""
    if isinstance(target, bool) or not isinstance(target, Integral):
        raise TypeError(
            f"{where}: target must be a class index (an int), got {type(target).__name__} {target!r}"
        )
    target = int(target)
    if not 0 <= target < count:
        raise IndexError(
            f"{where}: target {target} is out of range for {count} classes (0..{count - 1})"
        )
    return target


def _scaled(values: list[Value], temperature: float) -> list[Value]:
    """x / T for each x (the values themselves when T = 1)."""
    if temperature == 1.0:
        return values
    return [x / temperature for x in values]


def _shifted(values: list[Value]) -> tuple[float, list[Value]]:
    """The largest logit m (a number) and the shifted logits s_i = x_i - m (nodes, all <= 0).

    The results below are written in the s_i alone, never adding m back before a subtraction:
    (m + log sum) - x_y loses log sum to rounding once m is large (at logits of 1e16 it returned
    0 instead of log 2). A difference x_i - m too large for a float (logits of ±1e308) is
    clamped to -1e308 (still a node of x_i, d/dx_i = 1): e^s_i is then exactly 0, as it is in
    PyTorch, where the difference is -inf.
    """
    shift = max(x.data for x in values)  # a number: the results do not depend on it
    shifted = []
    for x in values:
        if math.isfinite(x.data - shift):
            shifted.append(x - shift)
        else:  # x_i - m overflows: far below the max, its e^(x_i - m) is 0 either way
            shifted.append(x - x.data + _LOWEST)
    return shift, shifted


_LOWEST = -1e308  # a shifted logit that stands for "minus infinity": e^-1e308 == 0.0


def _refuse_clamped(x: Value, shift: float, where: str, what: str) -> None:
    """Raise OverflowError if x's shifted logit x - m was clamped (does not fit a float).

    Clamping is exact where only e^(x - m) = 0 is used (softmax, logsumexp); a result that is
    x - m itself (log p_i, the loss of target i) would be a wrong finite number: PyTorch
    gives ∓inf there; the engine refuses, as every op does.
    """
    if math.isfinite(x.data - shift):
        return
    gap = format(Decimal(shift) - Decimal(x.data), ".3g")
    raise OverflowError(
        f"{where}: {what} overflows a float: the logit {x.data!r} is {gap} below the largest "
        f"logit {shift!r} (PyTorch gives infinity)"
    )


def _log_normalizer(shifted: list[Value]) -> Value:
    """log sum_i e^(s_i) for shifted logits s_i <= 0 (one of them 0): between 0 and log n."""
    return sum_values(tuple(s.exp() for s in shifted)).log()


def logsumexp(values: Scalars) -> Value:
    """log(e^x_1 + ... + e^x_n), computed as m + log(sum_i e^(x_i - m)) with m = max x_i.

    A composition of engine ops: n subtractions, n exp, one sum node, log, +.
    d/dx_i logsumexp = softmax(x)_i. Equals `torch.logsumexp`.
    """
    shift, shifted = _shifted(_as_values(values, "logsumexp"))
    return _log_normalizer(shifted) + shift


def softmax(values: Scalars, temperature: float = 1.0) -> list[Value]:
    """p_i = e^(x_i / T) / sum_k e^(x_k / T), computed as e^(s_i) / sum_k e^(s_k), s = x/T - m.

    A composition of engine ops (the max shift m is a number). The outputs are
    positive and sum to 1; d p_i / d x_j = p_i (I(i = j) - p_j) / T. A high
    temperature T flattens the distribution, T -> 0 puts all mass on the largest.
    Equals `torch.softmax(x / T)`, also at logits of ±1e308.
    """
    scaled = _scaled(_as_values(values, "softmax"), _check_temperature(temperature, "softmax"))
    _, shifted = _shifted(scaled)
    exponentials = [s.exp() for s in shifted]
    total = sum_values(tuple(exponentials))
    return [exponential / total for exponential in exponentials]


def log_softmax(values: Scalars, temperature: float = 1.0) -> list[Value]:
    """log p_i = s_i - log sum_k e^(s_k), with the shifted logits s = x / T - max(x / T).

    A composition of engine ops (one shared log-sum node); exact where softmax
    underflows to 0 (log_softmax of (0, -1000) is (0, -1000), not log 0) and at
    huge logits, where x_i - logsumexp(x) would cancel. Equals `torch.log_softmax(x / T)`.
    """
    scaled = _scaled(
        _as_values(values, "log_softmax"), _check_temperature(temperature, "log_softmax")
    )
    shift, shifted = _shifted(scaled)
    for i, x in enumerate(scaled):
        _refuse_clamped(x, shift, "log_softmax", f"log p_{i + 1}")
    normalizer = _log_normalizer(shifted)
    return [s - normalizer for s in shifted]


def cross_entropy(logits: Scalars, target: int) -> Value:
    """H(y, p) = −Σ_k y_k ln p_k for the one-hot y of class `target`: −ln p_y.

    Built as the lecture writes it, each part a node: the shifted logits s_k = x_k − m (m =
    max x, a number), e^(s_k) <= 1 (never overflows), their sum S, the probabilities
    p_k = e^(s_k) / S (role "p": every view calls them p₁ … p_K), the true class's probability
    picked by the one-hot y as Σ_k y_k p_k = p_y (y_k a constant 0 or 1; exact), its log
    (labelled "ln p_y", e.g. "ln p₂") and the loss −ln p_y (role "loss"). d/dx_k = p_k − y_k
    (the seed's "p − y": the lecture's captions say so next to the p_k); ∂loss/∂p_k =
    −y_k / p_y, the seed's −I(y = k)/g_k. Where p_y is below the smallest normal float (the true
    class's logit about 708 or more below the largest), ln p_y would lose digits and 1/p_y
    overflow: the loss is then log Σ_j e^(s_j) − s_y, the log-sum-exp form in the shifted logits
    (no p_k nodes), exact to a few ulps at logits of ±1e300 (cross_entropy([1000, -1000], 1) is
    2000). Equals `torch.nn.functional.cross_entropy` for one sample.
    """
    logit_values = _as_values(logits, "cross_entropy")
    y = _check_target(target, len(logit_values), "cross_entropy")
    shift, shifted = _shifted(logit_values)
    _refuse_clamped(logit_values[y], shift, "cross_entropy", "the loss")
    exponentials = [s.exp() for s in shifted]
    total = sum_values(tuple(exponentials))
    if exponentials[y].data / total.data < _SMALLEST_NORMAL:
        return _as_loss(total.log() - shifted[y])  # log-sum-exp: exact where p_y underflows
    terms = []
    for k, exponential in enumerate(exponentials):
        probability = exponential / total
        probability.role = Role("p", index=k)
        terms.append(float(k == y) * probability)  # y_k · p_k, y_k one-hot
    log_probability = sum_values(tuple(terms)).log()  # ln Σ_k y_k p_k = ln p_y, exactly
    log_probability.label = f"ln p{subscript_text(str(y + 1))}"
    return _as_loss(-log_probability)


_SMALLEST_NORMAL = sys.float_info.min  # 2.2e-308: above it ln p is exact and 1/p finite


def binary_cross_entropy_with_logits(logit: Scalar, target: float) -> Value:
    """-[t log sigma(z) + (1 - t) log(1 - sigma(z))] for a logit z and a target t in [0, 1].

    A composition of stable engine nodes: -log sigma(z) is `-(z.log_sigmoid())`
    and -log(1 - sigma(z)) = log(1 + e^z) is `z.softplus()`, each computed with
    e^-|z| only, so nothing takes log 0 (exact at logits ±1000). For t = 1 the
    graph is just neg(log_sigmoid(z)), for t = 0 just softplus(z); a soft target
    adds both terms, weighted (two non-negative terms: no cancellation).
    d/dz = sigma(z) - t. Equals `torch.nn.functional.binary_cross_entropy_with_logits`.
    """
    z = as_value(logit, "binary_cross_entropy_with_logits")
    if not _is_real(target) or not math.isfinite(target) or not 0.0 <= target <= 1.0:
        raise ValueError(
            f"binary_cross_entropy_with_logits: target must be a number in [0, 1], got {target!r}"
        )
    if target == 1:
        return _as_loss(-(z.log_sigmoid()))
    if target == 0:
        return _as_loss(z.softplus())
    return _as_loss(-(z.log_sigmoid()) * float(target) + z.softplus() * (1.0 - target))


def mse_loss(predictions: Scalar | Scalars, targets: Scalar | Scalars) -> Value:
    """(1/n) sum_i (p_i - t_i)^2: one prediction and target, or two lists of equal length.

    A composition of engine ops (-, ** 2, one sum node, /). d/dp_i = 2 (p_i - t_i) / n.
    Equals `torch.nn.functional.mse_loss` (reduction "mean").
    """
    prediction_values = _as_values(
        [predictions] if isinstance(predictions, (Value, Real)) else predictions,
        "mse_loss (predictions)",
    )
    target_values = _as_values(
        [targets] if isinstance(targets, (Value, Real)) else targets, "mse_loss (targets)"
    )
    if len(prediction_values) != len(target_values):
        raise ValueError(
            f"mse_loss: {len(prediction_values)} predictions but {len(target_values)} targets"
        )
    squares = [(p - t) ** 2 for p, t in zip(prediction_values, target_values)]
    total = sum_values(tuple(squares))
    return _as_loss(total if len(squares) == 1 else total / len(squares))  # no "/ 1" for one


def multiclass_hinge(scores: Scalars, target: int, margin: float = 1.0) -> Value:
    """The SVM loss sum_{j != y} max(0, s_j - s_y + margin), not divided by the class count.

    A composition of engine ops (-, +, relu, one sum node). d/ds_j = 1 for each
    class j != y whose margin is violated, d/ds_y = -(the number of violations).
    PyTorch's `multi_margin_loss` is this divided by the number of classes.
    """
    score_values = _as_values(scores, "multiclass_hinge")
    y = _check_target(target, len(score_values), "multiclass_hinge")
    if len(score_values) < 2:
        raise ValueError("multiclass_hinge: needs at least two class scores, got 1")
    if not _is_real(margin) or not math.isfinite(margin):
        raise ValueError(f"multiclass_hinge: margin must be a finite number, got {margin!r}")
    true_score = score_values[y]
    hinge_terms = ((s - true_score + margin).relu() for j, s in enumerate(score_values) if j != y)
    return _as_loss(sum_values(tuple(hinge_terms)))


def l2(parameters: Sequence[Value]) -> Value:
    """sum_i p_i^2, the L2 penalty (add `alpha * l2(model.parameters())` to a loss).

    A composition of engine ops (* and one sum node). d/dp_i = 2 p_i, so adding
    `alpha * l2(...)` matches `weight_decay = 2 * alpha` in `torch.optim` (and `nn.optim`).
    """
    parameter_values = _as_values(parameters, "l2")
    return sum_values(tuple(p * p for p in parameter_values))


def mean(values: Scalars) -> Value:
    """(x_1 + ... + x_n) / n: one sum node and one division (the average of per-sample losses).

    The mean of losses is itself a loss (its role says so).
    """
    inputs = _as_values(values, "mean")
    total = sum_values(tuple(inputs))
    result = total if len(inputs) == 1 else total / len(inputs)  # no "/ 1" node for one value
    if all(x.role is _LOSS for x in inputs):
        result.role = _LOSS
    return result
