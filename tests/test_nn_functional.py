"""nn.functional: every loss against PyTorch float64 (values and gradients), central
differences, the seed's worked softmax numbers, stability at ±1000, and input validation."""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.nn import functional as torch_functional

from autograd import Value, gradcheck
from nn import functional

REL = 1e-9


def close(a: float, b: float, rel: float = REL, abs_tol: float = 1e-15) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


def leaves(numbers: list[float]) -> list[Value]:
    return [Value(x) for x in numbers]


def compare_with_torch(
    ours: Callable[[list[Value]], Value],
    theirs: Callable[[torch.Tensor], torch.Tensor],
    numbers: list[float],
) -> None:
    """Value and every input gradient of ours(x) equal torch's float64 theirs(x) to 1e-9."""
    xs = leaves(numbers)
    out = ours(xs)
    out.backward()
    t = torch.tensor(numbers, dtype=torch.float64, requires_grad=True)
    expected = theirs(t)
    expected.backward()
    assert close(out.data, expected.item()), (out.data, expected.item())
    assert t.grad is not None
    for x, g in zip(xs, t.grad.tolist()):
        assert close(x.grad, g, abs_tol=1e-13), (x.grad, g)


LOGITS = [
    [1.0, -2.0, 0.0],
    [0.5, -1.0, 0.0],
    [3.2, 5.1, -1.7],
    [0.3, -0.8, 2.2, 1.1, -3.0],
]


@pytest.mark.parametrize("numbers", LOGITS)
@pytest.mark.parametrize("target", [0, 2])
def test_cross_entropy_matches_torch(numbers: list[float], target: int) -> None:
    compare_with_torch(
        lambda xs: functional.cross_entropy(xs, target),
        lambda t: torch_functional.cross_entropy(t.unsqueeze(0), torch.tensor([target])),
        numbers,
    )


@pytest.mark.parametrize("numbers", LOGITS)
def test_logsumexp_matches_torch(numbers: list[float]) -> None:
    compare_with_torch(functional.logsumexp, lambda t: torch.logsumexp(t, 0), numbers)


@pytest.mark.parametrize("numbers", LOGITS)
@pytest.mark.parametrize("temperature", [1.0, 10.0, 0.1])
@pytest.mark.parametrize("index", [0, 1])
def test_softmax_and_log_softmax_match_torch(
    numbers: list[float], temperature: float, index: int
) -> None:
    # A weighted sum of the outputs checks every output and the full Jacobian-vector product.
    weights = [0.7, -1.3, 2.1, 0.4, -0.6][: len(numbers)]

    def ours_softmax(xs: list[Value]) -> Value:
        ps = functional.softmax(xs, temperature=temperature)
        return sum((w * p for w, p in zip(weights, ps)), Value(0.0)) + ps[index]

    def theirs_softmax(t: torch.Tensor) -> torch.Tensor:
        ps = torch.softmax(t / temperature, 0)
        return (torch.tensor(weights, dtype=torch.float64) * ps).sum() + ps[index]

    compare_with_torch(ours_softmax, theirs_softmax, numbers)

    def ours_log(xs: list[Value]) -> Value:
        ls = functional.log_softmax(xs, temperature=temperature)
        return sum((w * v for w, v in zip(weights, ls)), Value(0.0))

    def theirs_log(t: torch.Tensor) -> torch.Tensor:
        return (
            torch.tensor(weights, dtype=torch.float64) * torch.log_softmax(t / temperature, 0)
        ).sum()

    compare_with_torch(ours_log, theirs_log, numbers)


@pytest.mark.parametrize("logit", [-30.0, -7.5, -0.3, 0.0, 0.4, 6.0, 30.0])
@pytest.mark.parametrize("target", [0.0, 1.0, 0.25])
def test_bce_with_logits_matches_torch(logit: float, target: float) -> None:
    xs = [Value(logit)]
    out = functional.binary_cross_entropy_with_logits(xs[0], target)
    out.backward()
    t = torch.tensor(logit, dtype=torch.float64, requires_grad=True)
    expected = torch_functional.binary_cross_entropy_with_logits(
        t, torch.tensor(target, dtype=torch.float64)
    )
    expected.backward()
    assert t.grad is not None
    # torch computes (1 - t) z - log_sigmoid(z), which cancels for t = 0 at very negative z;
    # where torch itself is inexact, compare with the exact value from 50-digit mpmath.
    mpmath.mp.dps = 50
    z = mpmath.mpf(logit)
    exact = -(
        target * mpmath.log(1 / (1 + mpmath.exp(-z)))
        + (1 - target) * mpmath.log(1 - 1 / (1 + mpmath.exp(-z)))
    )
    assert close(out.data, float(exact), rel=1e-12, abs_tol=0.0), (out.data, float(exact))
    assert close(out.data, expected.item(), abs_tol=1e-12)
    assert close(xs[0].grad, t.grad.item(), abs_tol=1e-15)
    exact_grad = 1 / (1 + mpmath.exp(-z)) - target
    assert close(xs[0].grad, float(exact_grad), rel=1e-12, abs_tol=1e-300)


def test_bce_with_logits_graph_is_the_stable_engine_nodes() -> None:
    z = Value(2.0)
    assert functional.binary_cross_entropy_with_logits(z, 1).op == "neg"
    assert functional.binary_cross_entropy_with_logits(z, 1).inputs[0].op == "log_sigmoid"
    assert functional.binary_cross_entropy_with_logits(z, 0).op == "softplus"


@pytest.mark.parametrize(
    ("predictions", "targets"),
    [([0.5], [1.5]), ([1.0, -2.0, 3.5], [0.5, -1.0, 2.0]), ([0.1, 0.2], [0.3, -0.4])],
)
def test_mse_matches_torch(predictions: list[float], targets: list[float]) -> None:
    compare_with_torch(
        lambda xs: functional.mse_loss(xs, targets),
        lambda t: torch_functional.mse_loss(t, torch.tensor(targets, dtype=torch.float64)),
        predictions,
    )


def test_mse_of_single_values() -> None:
    p = Value(3.0)
    loss = functional.mse_loss(p, 1.0)
    loss.backward()
    assert loss.data == 4.0
    assert p.grad == 4.0


@pytest.mark.parametrize(
    "numbers", [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1], [0.0, 0.2, 0.5, -1.0]]
)
@pytest.mark.parametrize("target", [0, 1, 2])
@pytest.mark.parametrize("margin", [1.0, 0.5])
def test_multiclass_hinge_is_torch_multi_margin_times_classes(
    numbers: list[float], target: int, margin: float
) -> None:
    classes = len(numbers)
    compare_with_torch(
        lambda xs: functional.multiclass_hinge(xs, target, margin=margin),
        lambda t: (
            classes
            * torch_functional.multi_margin_loss(
                t.unsqueeze(0), torch.tensor([target]), margin=margin
            )
        ),
        numbers,
    )


def test_multiclass_hinge_seed_cat_example() -> None:
    # CS231n / seed lecture 8: scores cat 3.2, car 5.1, frog -1.7, true class cat:
    # max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9
    assert math.isclose(functional.multiclass_hinge([3.2, 5.1, -1.7], 0).data, 2.9)


def test_l2_matches_torch() -> None:
    compare_with_torch(functional.l2, lambda t: (t**2).sum(), [0.5, -1.5, 2.0, 0.0])


def test_mean() -> None:
    compare_with_torch(functional.mean, lambda t: t.mean(), [1.0, 2.5, -4.0])


# ----------------------------------------------------------------------------
# Central differences: the second, independent oracle
# ----------------------------------------------------------------------------


def test_losses_pass_gradcheck() -> None:
    assert gradcheck(lambda a, b, c: functional.cross_entropy([a, b, c], 1), [0.3, -1.2, 2.0])
    assert gradcheck(lambda a, b, c: functional.logsumexp([a, b, c]), [0.3, -1.2, 2.0])
    assert gradcheck(lambda a, b, c: functional.softmax([a, b, c], 0.5)[2], [0.3, -1.2, 2.0])
    assert gradcheck(lambda z: functional.binary_cross_entropy_with_logits(z, 0.3), [-1.7])
    assert gradcheck(lambda a, b: functional.mse_loss([a, b], [1.0, -1.0]), [0.2, 0.9])
    assert gradcheck(lambda a, b, c: functional.multiclass_hinge([a, b, c], 0), [1.0, 1.6, -2.0])


# ----------------------------------------------------------------------------
# Stability at logits of ±1000
# ----------------------------------------------------------------------------


def test_logsumexp_and_cross_entropy_exact_at_1000() -> None:
    assert functional.logsumexp([1000.0, -1000.0]).data == 1000.0
    assert functional.logsumexp([-1000.0, -1000.0]).data == -1000.0 + math.log(2.0)
    assert functional.cross_entropy([1000.0, -1000.0], 0).data == 0.0
    assert functional.cross_entropy([1000.0, -1000.0], 1).data == 2000.0
    xs = leaves([1000.0, -1000.0])
    functional.cross_entropy(xs, 1).backward()
    assert [x.grad for x in xs] == [1.0, -1.0]
    assert [v.data for v in functional.log_softmax([0.0, -1000.0])] == [0.0, -1000.0]
    assert [p.data for p in functional.softmax([1000.0, -1000.0])] == [1.0, 0.0]


# Issue 15, defect 7: (m + log sum) - x_y added the max back before the cancellation, so the
# error grew with the logits (6e-12 at 1e5, 4e-5 at 1e12, cross_entropy([1e16, 1e16], 0) gave 0.0
# instead of log 2). The shifted logits s_i = x_i - m are used throughout now.
SCALES = [1e5, 1e8, 1e12, 1e16, 1e50, 1e100, 1e200, 1e300]
OFFSETS = [0.0, 0.0, 0.5, -1.25, 3.0, -40.0]  # ties, small and large gaps (where representable)


def large_logits(scale: float, sign: float) -> list[float]:
    return [sign * scale + offset for offset in OFFSETS]


def exact_log_softmax(numbers: list[float], index: int) -> mpmath.mpf:
    """log softmax(x)_index of the floats `numbers`, with 60 significant digits (mpmath)."""
    with mpmath.workdps(60):
        xs = [mpmath.mpf(x) for x in numbers]
        top = max(xs)
        return (xs[index] - top) - mpmath.log(mpmath.fsum(mpmath.exp(x - top) for x in xs))


def within_ulps(value: float, exact: mpmath.mpf, ulps: float = 4.0) -> bool:
    return abs(mpmath.mpf(value) - exact) <= ulps * math.ulp(max(abs(float(exact)), 1e-300))


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_cross_entropy_and_log_softmax_are_exact_at_huge_logits(scale: float, sign: float) -> None:
    numbers = large_logits(scale, sign)
    outputs = functional.log_softmax(numbers)
    for target in range(len(numbers)):
        exact = exact_log_softmax(numbers, target)
        loss = functional.cross_entropy(numbers, target).data
        assert within_ulps(loss, -exact), (scale, target, loss, exact)
        assert within_ulps(outputs[target].data, exact), (scale, target, outputs[target].data)
        with mpmath.workdps(60):
            probability = mpmath.exp(exact)
        assert within_ulps(functional.softmax(numbers)[target].data, probability)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("target", [0, 2, 5])
def test_cross_entropy_at_huge_logits_matches_torch(scale: float, target: int) -> None:
    numbers = large_logits(scale, 1.0)
    xs = leaves(numbers)
    functional.cross_entropy(xs, target).backward()
    t = torch.tensor(numbers, dtype=torch.float64, requires_grad=True)
    expected = torch_functional.cross_entropy(t.unsqueeze(0), torch.tensor([target]))
    expected.backward()
    assert t.grad is not None
    assert within_ulps(functional.cross_entropy(numbers, target).data, mpmath.mpf(expected.item()))
    for x, g in zip(xs, t.grad.tolist()):
        assert math.isclose(x.grad, g, rel_tol=1e-12, abs_tol=1e-15), (x.grad, g)


def test_the_issues_examples() -> None:
    assert functional.cross_entropy([1e16, 1e16], 0).data == math.log(2.0)
    assert [p.data for p in functional.softmax([1e308, -1e308])] == [1.0, 0.0]
    xs = leaves([1e308, -1e308])
    probabilities = functional.softmax(xs)
    (probabilities[0] * 2.0 + probabilities[1]).backward()
    t = torch.tensor([1e308, -1e308], dtype=torch.float64, requires_grad=True)
    ps = torch.softmax(t, 0)
    (ps[0] * 2.0 + ps[1]).backward()
    assert t.grad is not None
    assert [x.grad for x in xs] == t.grad.tolist() == [0.0, 0.0]
    assert functional.cross_entropy([1e308, -1e308], 0).data == 0.0


def test_bce_with_logits_exact_at_1000() -> None:
    bce = functional.binary_cross_entropy_with_logits
    assert bce(1000.0, 1).data == 0.0
    assert bce(-1000.0, 0).data == 0.0
    assert bce(-1000.0, 1).data == 1000.0
    assert bce(1000.0, 0).data == 1000.0
    assert bce(1000.0, 0.5).data == 500.0
    z = Value(-1000.0)
    bce(z, 1).backward()
    assert z.grad == -1.0


# ----------------------------------------------------------------------------
# The seed's worked numbers (seed 004, "Neural nets by hand")
# ----------------------------------------------------------------------------


def reference_softmax(numbers: list[float], temperature: float = 1.0) -> list[float]:
    """Exact softmax with 50-digit mpmath (no max shift needed at that precision)."""
    mpmath.mp.dps = 50
    exps = [mpmath.exp(mpmath.mpf(x) / temperature) for x in numbers]
    total = mpmath.fsum(exps)
    return [float(e / total) for e in exps]


def test_seed_softmax_exercise() -> None:
    # Seed 004, "Exercise 3 (about softmax)": the layer before softmax gives 1, -2, 0 and
    # 0.5, -1, 0 (whale, ant, beaver). The seed does not print the answers; by hand:
    # e^1 / (e^1 + e^-2 + e^0) = 2.71828 / 3.85362 = 0.705 and so on.
    first = [p.data for p in functional.softmax([1.0, -2.0, 0.0])]
    second = [p.data for p in functional.softmax([0.5, -1.0, 0.0])]
    assert [round(p, 3) for p in first] == [0.705, 0.035, 0.259]
    assert [round(p, 3) for p in second] == [0.547, 0.122, 0.331]
    for ours, exact in zip(
        first + second, reference_softmax([1, -2, 0]) + reference_softmax([0.5, -1, 0])
    ):
        assert close(ours, exact, rel=1e-14)
    # part (b): the first was a whale (class 0), the second a beaver (class 2):
    # logloss = -ln 0.7054 - ln 0.3315 = 0.3490 + 1.1041 = 1.453 (sum over the two observations)
    total = (
        functional.cross_entropy([1.0, -2.0, 0.0], 0).data
        + functional.cross_entropy([0.5, -1.0, 0.0], 2).data
    )
    assert round(total, 3) == 1.453
    assert close(
        total,
        -math.log(reference_softmax([1, -2, 0])[0]) - math.log(reference_softmax([0.5, -1, 0])[2]),
        rel=1e-14,
    )


def test_seed_softmax_temperature_exercise() -> None:
    # Seed 004, "Exercise 4 (generation temperature)": logits 1, 2, 5 at T = 10, 1, 0.1.
    logits = [1.0, 2.0, 5.0]
    hot = [p.data for p in functional.softmax(logits, temperature=10.0)]
    plain = [p.data for p in functional.softmax(logits, temperature=1.0)]
    cold = [p.data for p in functional.softmax(logits, temperature=0.1)]
    # T = 10: e^0.1, e^0.2, e^0.5 = 1.1052, 1.2214, 1.6487, sum 3.9753: nearly uniform
    assert [round(p, 3) for p in hot] == [0.278, 0.307, 0.415]
    # T = 1: e^1, e^2, e^5 = 2.718, 7.389, 148.41, sum 158.52
    assert [round(p, 3) for p in plain] == [0.017, 0.047, 0.936]
    # T = 0.1: e^10, e^20, e^50: nearly one-hot (4.2e-18, 9.4e-14, 1 - 9.4e-14)
    assert [round(p, 3) for p in cold] == [0.0, 0.0, 1.0]
    assert 4.24e-18 < cold[0] < 4.25e-18 and 9.35e-14 < cold[1] < 9.36e-14
    for temperature, ours in ((10.0, hot), (1.0, plain), (0.1, cold)):
        for p, exact in zip(ours, reference_softmax(logits, temperature)):
            assert close(p, exact, rel=1e-13, abs_tol=0.0), (temperature, p, exact)


def test_seed_logistic_regression_gradient_step() -> None:
    # Seed 004, "Exercise 2 (logistic regression)": z = w x, p = sigma(z),
    # logloss = -[y ln p + (1 - y) ln(1 - p)], x = -5, y = 1, w0 = 1, gamma = 0.01.
    # The seed derives d logloss / dw = (p - y) x = (sigma(-5) - 1)(-5) "≈ 4.96"
    # (4.9665 truncated; INDEX.md rounds it to 4.97). The sign: p = 0.0067 is far below y = 1,
    # so the loss falls as z = w x grows, i.e. as w shrinks (x < 0): the gradient is POSITIVE and
    # gradient descent w1 = w0 - gamma * grad moves w down to 0.9503.
    w = Value(1.0, label="w")
    loss = functional.binary_cross_entropy_with_logits(w * -5.0, 1)
    loss.backward()
    sigma = 1 / (1 + math.exp(5.0))
    assert close(w.grad, (sigma - 1) * -5.0, rel=1e-14)
    assert round(w.grad, 2) == 4.97
    assert math.floor(w.grad * 100) / 100 == 4.96  # the seed's printed (truncated) figure
    w.data -= 0.01 * w.grad
    assert round(w.data, 4) == 0.9503


# ----------------------------------------------------------------------------
# Property tests
# ----------------------------------------------------------------------------

logit_lists = st.lists(
    st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(logit_lists, st.floats(min_value=0.05, max_value=20))
def test_softmax_sums_to_one(numbers: list[float], temperature: float) -> None:
    probabilities = [p.data for p in functional.softmax(numbers, temperature)]
    assert math.isclose(math.fsum(probabilities), 1.0, rel_tol=1e-12)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


@settings(max_examples=60, deadline=None)
@given(logit_lists, st.data())
def test_cross_entropy_gradient_is_softmax_minus_one_hot(
    numbers: list[float], data: st.DataObject
) -> None:
    target = data.draw(st.integers(min_value=0, max_value=len(numbers) - 1))
    xs = leaves(numbers)
    functional.cross_entropy(xs, target).backward()
    probabilities = reference_softmax(numbers)
    for j, x in enumerate(xs):
        expected = probabilities[j] - (1.0 if j == target else 0.0)
        assert math.isclose(x.grad, expected, rel_tol=1e-9, abs_tol=1e-15)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=-40, max_value=40, allow_nan=False),
    st.floats(min_value=0, max_value=1),
)
def test_bce_gradient_is_sigmoid_minus_target(logit: float, target: float) -> None:
    z = Value(logit)
    functional.binary_cross_entropy_with_logits(z, target).backward()
    mpmath.mp.dps = 40
    expected = float(1 / (1 + mpmath.exp(-mpmath.mpf(logit))) - mpmath.mpf(target))
    assert math.isclose(z.grad, expected, rel_tol=1e-9, abs_tol=1e-15)


# ----------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: functional.softmax([]), ValueError, "softmax: expected at least one value"),
        (lambda: functional.softmax([1.0], temperature=0), ValueError, "temperature must be"),
        (lambda: functional.softmax([1.0], temperature=-2.0), ValueError, "-2.0"),
        (lambda: functional.softmax([1.0], temperature=math.inf), ValueError, "temperature"),
        (lambda: functional.log_softmax([1.0], temperature=0.0), ValueError, "log_softmax"),
        (lambda: functional.logsumexp([]), ValueError, "logsumexp"),
        (lambda: functional.softmax(Value(1.0)), TypeError, "softmax: expected a list"),  # type: ignore[arg-type]
        (lambda: functional.softmax([1.0, "a"]), TypeError, "element 1"),  # type: ignore[list-item]
        (
            lambda: functional.cross_entropy([1.0, 2.0], 2),
            IndexError,
            "target 2 is out of range for 2 classes",
        ),
        (lambda: functional.cross_entropy([1.0, 2.0], -1), IndexError, "target -1"),
        (lambda: functional.cross_entropy([1.0, 2.0], 1.0), TypeError, "class index"),  # type: ignore[arg-type]
        (lambda: functional.cross_entropy([], 0), ValueError, "cross_entropy"),
        (
            lambda: functional.binary_cross_entropy_with_logits(0.0, 2.0),
            ValueError,
            "target must be a number in [0, 1], got 2.0",
        ),
        (lambda: functional.binary_cross_entropy_with_logits(0.0, -0.5), ValueError, "-0.5"),
        (lambda: functional.binary_cross_entropy_with_logits(0.0, math.nan), ValueError, "nan"),
        (
            lambda: functional.binary_cross_entropy_with_logits("z", 1),
            TypeError,
            "binary_cross_entropy_with_logits",
        ),  # type: ignore[arg-type]
        (lambda: functional.mse_loss([1.0, 2.0], [1.0]), ValueError, "2 predictions but 1 targets"),
        (lambda: functional.mse_loss([], []), ValueError, "mse_loss"),
        (lambda: functional.multiclass_hinge([1.0, 2.0], 5), IndexError, "target 5"),
        (lambda: functional.multiclass_hinge([1.0], 0), ValueError, "at least two"),
        (lambda: functional.l2([]), ValueError, "l2: expected at least one value"),
    ],
)
def test_bad_input_raises_clear_error(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(
        error,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("[", r"\[")
        .replace("]", r"\]"),
    ):
        call()


def test_a_loss_too_large_for_a_float_is_an_overflow_error() -> None:
    # Issue 24, item 12: cross_entropy([1e308, -1e308], 1) returned 1e308 (the true loss is
    # 2e308; torch gives inf): the target's shifted logit had been clamped to -1e308.
    t = torch.tensor([[1e308, -1e308]], dtype=torch.float64)
    assert torch_functional.cross_entropy(t, torch.tensor([1])).item() == math.inf
    assert torch.log_softmax(t, 1)[0, 1].item() == -math.inf
    with pytest.raises(OverflowError, match=r"cross_entropy: the loss overflows a float"):
        functional.cross_entropy([1e308, -1e308], 1)
    with pytest.raises(OverflowError, match=r"log_softmax: log p_2 overflows a float"):
        functional.log_softmax([1e308, -1e308])
    with pytest.raises(OverflowError, match=r"log_softmax: log p_1 overflows a float"):
        functional.log_softmax([-1.7e308, 1.7e308], temperature=1.1)
    # Where the result is a float, it is still exact (the clamped logit only meets e^s = 0).
    assert functional.cross_entropy([1e308, -1e308], 0).data == 0.0
    assert [p.data for p in functional.softmax([1e308, -1e308])] == [1.0, 0.0]
    assert functional.logsumexp([1e308, -1e308]).data == 1e308


def test_every_loss_is_marked_a_loss() -> None:
    # Issue 24, item 12: the README says every loss of nn.functional sets Role("loss");
    # cross_entropy did not.
    from autograd.roles import Role

    x, y = Value(0.3), Value(-1.2)
    losses = [
        functional.cross_entropy([x, y], 1),
        functional.binary_cross_entropy_with_logits(x, 1),
        functional.binary_cross_entropy_with_logits(x, 0.25),
        functional.mse_loss(x, 1.0),
        functional.mse_loss([x, y], [1.0, 0.0]),
        functional.multiclass_hinge([x, y], 0),
    ]
    assert [loss.role for loss in losses] == [Role("loss")] * len(losses)
    assert functional.mean(losses).role == Role("loss")


def test_numpy_targets_are_accepted_as_python_numbers_are() -> None:
    # Issue 24, item 14 (numbers as users write them): a class index from numpy (labels[i],
    # np.argmax) and a numpy float target were rejected; numpy's bool still is not a target.
    import numpy as np

    logits = [Value(1.0), Value(2.0), Value(-0.5)]
    for index in (np.int64(1), np.int32(1), np.uint8(1)):
        assert functional.cross_entropy(logits, index).data == (  # type: ignore[arg-type]
            functional.cross_entropy(logits, 1).data
        )
        assert functional.multiclass_hinge(logits, index).data == (  # type: ignore[arg-type]
            functional.multiclass_hinge(logits, 1).data
        )
    z = Value(0.5)
    for target in (np.float32(1.0), np.float64(0.25), np.int64(0)):
        assert functional.binary_cross_entropy_with_logits(z, target).data == (  # type: ignore[arg-type]
            functional.binary_cross_entropy_with_logits(z, float(target)).data
        )
        assert functional.mse_loss(z, target).data == functional.mse_loss(z, float(target)).data  # type: ignore[arg-type]
    assert functional.softmax(logits, temperature=np.float32(2.0))[0].data == (  # type: ignore[arg-type]
        functional.softmax(logits, temperature=2.0)[0].data
    )
    with pytest.raises(TypeError, match="target must be a class index"):
        functional.cross_entropy(logits, np.bool_(True))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="target must be a class index"):
        functional.cross_entropy(logits, np.float64(1.0))  # type: ignore[arg-type]
