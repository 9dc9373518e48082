"""`gradcheck` itself: True on correct gradients, a readable table on wrong ones.

To get an honestly wrong gradient, the tanh rule in `LOCAL_GRADS` is replaced
within one test (pytest's monkeypatch restores it): the forward pass stays
right, so central differences disagree with the analytic gradient exactly
where tanh is used.
"""

from __future__ import annotations

import math
import re

import pytest

from autograd import GradcheckError, Value, gradcheck, numerical_grad
from autograd.rules import LOCAL_GRADS


def test_returns_true_on_correct_gradients() -> None:
    assert gradcheck(lambda x, y: (x * y).tanh() + y.exp(), [0.3, -1.2]) is True
    assert gradcheck(lambda x: x.sigmoid(), [Value(0.5)]) is True


def test_numerical_grad_is_a_central_difference() -> None:
    (derivative,) = numerical_grad(lambda x: x**3, [2.0], eps=1e-3)
    # ((2 + h)^3 - (2 - h)^3) / (2h) = 12 + h^2 exactly in real arithmetic.
    assert derivative == pytest.approx(12.0 + 1e-6, rel=1e-9)


def test_wrong_gradient_raises_with_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong_tanh_rule(out: Value) -> tuple[float, ...]:
        return (1.0 - out.data,)  # should be 1 - out^2

    monkeypatch.setitem(LOCAL_GRADS, "tanh", wrong_tanh_rule)
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x, y: x.tanh() * 2.0 + y * y, [0.5, 3.0])
    message = str(caught.value)
    lines = message.splitlines()
    assert "1 of 2 gradients differ" in lines[0]
    header = lines[1].split()
    assert header == ["input", "value", "analytic", "numeric", "difference"]
    assert len(lines) == 3  # one row: only input 0 passes through tanh
    row = lines[2].split()
    analytic = 2.0 * (1.0 - math.tanh(0.5))
    numeric = 2.0 * (1.0 - math.tanh(0.5) ** 2)
    assert row[0] == "0"
    assert float(row[1]) == 0.5
    assert float(row[2]) == pytest.approx(analytic, rel=1e-7)
    assert float(row[3]) == pytest.approx(numeric, rel=1e-7)
    assert float(row[4]) == pytest.approx(abs(analytic - numeric), rel=1e-2)
    assert isinstance(caught.value, AssertionError)  # pytest shows it as a failed check


def test_every_mismatching_input_gets_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LOCAL_GRADS, "*", lambda out: (1.0, 1.0))  # wrong: mul must swap
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda x, y: x * y, [2.0, -3.0])
    lines = str(caught.value).splitlines()
    assert "2 of 2" in lines[0]
    assert [line.split()[0] for line in lines[2:]] == ["0", "1"]


def test_tolerances_decide() -> None:
    # At a kink central differences average the two sides: relu at 0 gives 0.5, analytic 0.
    with pytest.raises(GradcheckError):
        gradcheck(lambda x: x.relu(), [0.0])
    assert gradcheck(lambda x: x.relu(), [0.0], atol=0.6) is True


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="gradcheck: needs at least one input"):
        gradcheck(lambda: Value(1.0), [])
    with pytest.raises(TypeError, match="gradcheck: fn must return a Value, got float"):
        gradcheck(lambda x: 1.0, [1.0])  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"atol": math.nan}, "atol must be a finite number >= 0, got nan"),
        ({"rtol": math.nan}, "rtol must be a finite number >= 0, got nan"),
        ({"atol": math.inf}, "atol must be a finite number >= 0, got inf"),
        ({"rtol": -1e-3}, "rtol must be a finite number >= 0, got -0.001"),
        ({"eps": 0.0}, "eps must be a finite number > 0, got 0.0"),
        ({"eps": -1e-6}, "eps must be a finite number > 0"),
        ({"eps": math.nan}, "eps must be a finite number > 0"),
        ({"atol": "1e-5"}, "atol must be a finite number >= 0, got '1e-5'"),
    ],
)
def test_rejects_tolerances_that_would_pass_anything(
    settings: dict[str, object], message: str
) -> None:
    # Issue 15, defect 15: nan tolerances (or atol=inf) passed every check; eps=0 gave a bare
    # "float division by zero". A wrong gradient must still be caught, so these are errors.
    with pytest.raises(ValueError, match=re.escape(f"gradcheck: {message}")):
        gradcheck(lambda x: x * x, [1.5], **settings)  # type: ignore[arg-type]
    if "eps" in settings:
        with pytest.raises(ValueError, match=re.escape(f"numerical_grad: {message}")):
            numerical_grad(lambda x: x * x, [1.5], eps=settings["eps"])  # type: ignore[arg-type]
