"""Regression tests for the engine defects of issue 15 (5, 6, 18, 19, 20), each failing before its fix.

5. Gradients of hidden constant leaves (numbers in the formula) never raise.
6. A failed `backward()` leaves every `.grad` exactly as before it started.
18. `.data` is validated on assignment, like the constructor.
19. `log` at a subnormal input with a zero upstream gradient does not raise.
20. The second derivative of elu at exactly 0 is alpha (our convention, see the README).
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as functional

from autograd import Value, backward_steps, grad

# ----------------------------------------------------------------------
# 5. Constants nobody asked for
# ----------------------------------------------------------------------


def test_overflowing_gradient_of_a_hidden_constant_is_not_an_error() -> None:
    x = Value(1e300, label="x")
    y = (1e-10 * x) * 1e10
    y.backward()
    assert x.grad == 1.0
    assert grad(y, [x]) == [1.0]
    t = torch.tensor(1e300, dtype=torch.float64, requires_grad=True)
    ((1e-10 * t) * 1e10).backward()
    assert x.grad == pytest.approx(t.grad.item(), rel=1e-15)  # type: ignore[union-attr]


def test_infinite_gradient_of_a_constant_base_is_not_an_error() -> None:
    b = Value(0.5, label="b")
    y = 0**b
    y.backward()
    t = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    torch.pow(torch.tensor(0.0, dtype=torch.float64), t).backward()
    assert b.grad == t.grad.item() == 0.0  # type: ignore[union-attr]
    assert grad(y, [b]) == [0.0]


def test_the_same_gradient_of_a_user_value_is_still_an_error() -> None:
    a, b = Value(0.0, label="a"), Value(0.5, label="b")
    with pytest.raises(ZeroDivisionError, match=r"pow: the derivative d/da is infinite at a = 0.0"):
        (a**b).backward()


# ----------------------------------------------------------------------
# 6. A failed backward changes nothing
# ----------------------------------------------------------------------


def test_failed_backward_leaves_every_grad_as_before() -> None:
    x, a, b = Value(3.0, label="x"), Value(1e-10, label="a"), Value(1e-160, label="b")
    (x * 2.0).backward()
    assert x.grad == 2.0
    quotient = a / b
    product = x * 5.0
    f = quotient + product  # backward reaches x (5.0) before failing at a / b's -inf for b
    before = {node: node.grad for node in (x, a, b, quotient, product, f)}
    with pytest.raises(OverflowError, match="overflowed to -inf"):
        f.backward()
    assert {node: node.grad for node in (x, a, b, quotient, product, f)} == before
    assert x.grad == 2.0


def test_failed_stepping_leaves_grads_too() -> None:
    x, a, b = Value(3.0, label="x"), Value(1e-10, label="a"), Value(1e-160, label="b")
    f = a / b + x * 5.0
    with pytest.raises(OverflowError):
        list(backward_steps(f))
    assert (x.grad, a.grad, b.grad, f.grad) == (0.0, 0.0, 0.0, 0.0)


# ----------------------------------------------------------------------
# 18. .data on assignment
# ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (math.nan, ValueError),
        (math.inf, ValueError),
        (-math.inf, ValueError),
        (True, TypeError),
        ("3", TypeError),
        (10**400, OverflowError),
    ],
)
def test_non_finite_data_is_rejected_on_assignment(bad: object, error: type[Exception]) -> None:
    v = Value(1.0)
    with pytest.raises(error, match=r"Value\.data"):
        v.data = bad  # type: ignore[assignment]
    assert v.data == 1.0  # unchanged


def test_assigning_a_number_stores_a_float() -> None:
    v = Value(1.0)
    v.data = 3
    assert v.data == 3.0 and isinstance(v.data, float)
    v.data -= 0.5
    assert v.data == 2.5


# ----------------------------------------------------------------------
# 19. log at a subnormal with zero upstream
# ----------------------------------------------------------------------


def test_log_at_a_subnormal_with_zero_upstream_is_fine() -> None:
    x = Value(5e-324, label="x")
    y = x.log() * 0.0 + x
    y.backward()
    t = torch.tensor(5e-324, dtype=torch.float64, requires_grad=True)
    (t.log() * 0.0 + t).backward()
    assert x.grad == t.grad.item() == 1.0  # type: ignore[union-attr]
    assert grad(y, [x]) == [1.0]
    steps = list(backward_steps(y))
    assert steps[-1].messages[0].message == 0.0  # shown as a zero message, not nan


def test_log_at_a_subnormal_with_nonzero_upstream_still_raises() -> None:
    x = Value(5e-324, label="x")
    with pytest.raises(OverflowError, match="overflowed to inf"):
        x.log().backward()


# ----------------------------------------------------------------------
# 20. elu's second derivative at 0
# ----------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_elu_second_derivative_at_zero_is_alpha(alpha: float) -> None:
    x = Value(0.0, label="x")
    (first,) = grad(x.elu(alpha), [x], create_graph=True)
    assert first.data == alpha  # the x <= 0 branch at 0, as torch's first derivative
    assert grad(first, [x]) == [alpha]  # the same branch again (torch's double backward: 0)
    t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    (their_first,) = torch.autograd.grad(functional.elu(t, alpha), [t], create_graph=True)
    assert their_first.item() == alpha
