"""Numbers as users write them (issue 24, item 14): `abs(v)`, numpy scalars, `sum_values([])`.

Any real number type is accepted where a number goes (the constructor, `.data`, either side of
an operation): Python's int and float, numpy's integers and floats (float32, int64, ...),
anything registered as `numbers.Real`; bool, complex, non-finite numbers and arrays are
rejected with an error naming the operation and the value. The engine itself never imports
numpy (tests/test_import_floors.py checks that): numpy's scalars are known by `numbers.Real`,
with which numpy registers them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import torch

from autograd import Value, grad, sum_values


def test_abs_is_the_abs_op() -> None:
    # micrograd-style code and jwlutz's tests write abs(v)
    x = Value(-1.5, label="x")
    y = abs(x)
    assert isinstance(y, Value) and y.op == "abs" and y.data == 1.5
    y.backward()
    t = torch.tensor(-1.5, dtype=torch.float64, requires_grad=True)
    torch.abs(t).backward()
    assert x.grad == t.grad.item() == -1.0  # type: ignore[union-attr]
    assert grad(abs(x * 2.0), [x]) == [-2.0]


NUMPY_NUMBERS = [
    np.int64(3),
    np.int32(-2),
    np.uint8(7),
    np.float32(1.5),
    np.float16(0.25),
    np.float64(2.5),
    np.longdouble(0.5),
    Fraction(3, 4),
]


@pytest.mark.parametrize("number", NUMPY_NUMBERS, ids=lambda n: type(n).__name__)
def test_real_numbers_of_any_type_are_accepted_on_either_side(number: Any) -> None:
    expected = float(number)
    assert Value(number).data == expected
    v = Value(2.0)
    v.data = number
    assert v.data == expected and type(v.data) is float
    x = Value(2.0, label="x")
    products: list[Callable[[], object]] = [
        lambda: x * number,
        lambda: number * x,
        lambda: x + number,
        lambda: number + x,
        lambda: x - number,
        lambda: number - x,
        lambda: x / number,
        lambda: x**number,
        lambda: x.max(number),
    ]
    for make in products:
        result = make()
        assert isinstance(result, Value), (make, result)
        assert type(result.data) is float
    assert (x * number).data == 2.0 * expected
    assert (number - x).data == expected - 2.0
    assert (x * number).inputs[1].data == expected and type((x * number).inputs[1].data) is float


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (True, TypeError, r"\*: expected a real number .*, got bool True"),
        (np.bool_(True), TypeError, r"\*: expected a real number .*, got bool"),
        (1 + 2j, TypeError, r"\*: expected a real number .*, got complex \(1\+2j\)"),
        (np.complex128(1.0), TypeError, r"\*: expected a real number .*, got complex128"),
        (np.array(3.0), TypeError, r"\*: expected a real number .*, got ndarray"),
        (np.array([1.0, 2.0]), TypeError, r"\*: expected a real number .*, got ndarray"),
        ("2", TypeError, r"\*: expected a real number .*, got str '2'"),
        (np.float32(np.inf), ValueError, r"\*: expected a finite number, got inf"),
        (np.float64(np.nan), ValueError, r"\*: expected a finite number, got nan"),
        (np.longdouble("1e400"), ValueError, r"\*: expected a finite number, got inf"),
        (10**400, OverflowError, r"\*: the number 1000.* is too large for a float"),
    ],
    ids=[
        "bool",
        "numpy-bool",
        "complex",
        "numpy-complex",
        "zero-d-array",
        "array",
        "str",
        "float32-inf",
        "float64-nan",
        "longdouble-inf",
        "huge-int",
    ],
)
def test_bool_complex_non_finite_and_arrays_are_rejected(
    bad: Any, error: type[Exception], message: str
) -> None:
    x = Value(2.0)
    with pytest.raises(error, match=message):
        x * bad
    with pytest.raises(error, match=message.replace(r"\*", "Value")):
        Value(bad)


def test_an_empty_sum_is_an_error_that_says_what_to_write() -> None:
    # The README says so: Python's sum([]) is 0, but a sum node with no inputs has nothing
    # to draw or differentiate.
    with pytest.raises(ValueError, match=r"sum_values: needs at least one value.*Value\(0\.0\)"):
        sum_values([])
    assert sum_values([np.float32(0.5), Value(1.0)]).data == 1.5  # type: ignore[list-item]
    assert math.isclose(sum_values([np.int64(1)] * 3).data, 3.0)  # type: ignore[list-item]
