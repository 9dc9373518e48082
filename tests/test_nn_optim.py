"""nn.optim: five steps of every optimizer (and variant) equal torch.optim to 1e-9; the
seed's textbook momentum gives the same parameters; state is read-only; bad settings fail."""

from __future__ import annotations

import math
from typing import Any

import pytest
import torch

from autograd import Value
from nn import MLP, functional, optim

POINTS = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 2.0]]
TARGETS = [0.3, -0.5, 1.2, 0.0]


def our_loss(model: MLP) -> Value:
    outputs = [model(x) for x in POINTS]
    return functional.mse_loss(outputs, TARGETS)  # type: ignore[arg-type]


def torch_loss(weights: list[torch.Tensor], biases: list[torch.Tensor]) -> torch.Tensor:
    x = torch.tensor(POINTS, dtype=torch.float64)
    hidden = torch.tanh(x @ weights[0].T + biases[0])
    out = (hidden @ weights[1].T + biases[1]).squeeze(1)
    return torch.nn.functional.mse_loss(out, torch.tensor(TARGETS, dtype=torch.float64))


def torch_copy(model: MLP) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    weights = [
        torch.tensor(
            [[w.data for w in n.w] for n in layer.neurons], dtype=torch.float64, requires_grad=True
        )
        for layer in model.layers
    ]
    biases = [
        torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64, requires_grad=True)
        for layer in model.layers
    ]
    return weights, biases


def torch_parameter_order(
    weights: list[torch.Tensor], biases: list[torch.Tensor]
) -> list[tuple[torch.Tensor, tuple[int, ...]]]:
    """(tensor, index) pairs in the order of model.parameters(): per neuron its weights, then b."""
    order = []
    for w, b in zip(weights, biases):
        for n in range(w.shape[0]):
            order += [(w, (n, i)) for i in range(w.shape[1])]
            order.append((b, (n,)))
    return order


VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.05, "alpha": 0.9, "eps": 1e-6}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.1, "betas": (0.9, 0.9)}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
]

TORCH_STATE_NAMES = {
    "SGD": {"velocity": "momentum_buffer"},
    "RMSprop": {"square_avg": "square_avg"},
    "Adam": {"m": "exp_avg", "v": "exp_avg_sq"},
}


@pytest.mark.parametrize(("name", "settings"), VARIANTS)
def test_five_steps_equal_torch(name: str, settings: dict[str, Any]) -> None:
    model = MLP(2, [3, 1], activation="tanh", seed=7)
    weights, biases = torch_copy(model)
    ours = getattr(optim, name)(model.parameters(), **settings)
    theirs = getattr(torch.optim, name)([*weights, *biases], **settings)
    for _ in range(5):
        loss = our_loss(model)
        ours.zero_grad()
        loss.backward()
        ours.step()
        torch_value = torch_loss(weights, biases)
        assert math.isclose(loss.data, torch_value.item(), rel_tol=1e-9)
        theirs.zero_grad()
        torch_value.backward()
        theirs.step()
    for parameter, (tensor, index) in zip(
        model.parameters(), torch_parameter_order(weights, biases), strict=True
    ):
        assert math.isclose(parameter.data, tensor[index].item(), rel_tol=1e-9, abs_tol=1e-12)
        state = ours.state(parameter)
        for our_name, torch_name in TORCH_STATE_NAMES[name].items():
            if our_name not in state:  # SGD without momentum keeps no velocity
                assert "momentum" not in settings
                continue
            expected = theirs.state[tensor][torch_name][index].item()
            assert math.isclose(state[our_name], expected, rel_tol=1e-9, abs_tol=1e-15)
    assert ours.steps == 5


def test_parameters_actually_move_and_loss_falls() -> None:
    model = MLP(2, [3, 1], activation="tanh", seed=7)
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    start = [p.data for p in model.parameters()]
    losses = []
    for _ in range(20):
        loss = our_loss(model)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.data)
    assert losses[-1] < 0.5 * losses[0]
    assert all(a != p.data for a, p in zip(start, model.parameters()))


def test_seed_textbook_momentum_gives_the_same_parameters() -> None:
    # Seed 004, "fifty shades of gradient descent": y = w x on x = 1, 2, y = 2, 3,
    # loss = mean squared error, w0 = 0, eta = 0.1, alpha = 0.9. The textbook writes
    # v <- alpha v - eta g, w <- w + v; PyTorch writes v <- mu v + g, w <- w - eta v.
    def gradient(w: float) -> float:
        return ((w * 1 - 2) * 1 * 2 + (w * 2 - 3) * 2 * 2) / 2  # d/dw mean (w x - y)^2

    w_textbook, v_textbook = 0.0, 0.0
    textbook = []
    for _ in range(2):
        v_textbook = 0.9 * v_textbook - 0.1 * gradient(w_textbook)
        w_textbook += v_textbook
        textbook.append(w_textbook)
    # by hand: g(0) = (-4 - 12) / 2 = -8, v = 0.8, w = 0.8;
    # g(0.8) = (-2.4 - 5.6) / 2 = -4, v = 0.72 + 0.4 = 1.12, w = 1.92
    assert textbook == pytest.approx([0.8, 1.92], rel=1e-12)

    w = Value(0.0, label="w")
    optimizer = optim.SGD([w], lr=0.1, momentum=0.9)
    ours = []
    for _ in range(2):
        loss = functional.mse_loss([w * 1.0, w * 2.0], [2.0, 3.0])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        ours.append(w.data)
    assert ours == pytest.approx(textbook, rel=1e-12)
    # the stored velocity is PyTorch's: textbook v = -eta * PyTorch v
    assert optimizer.state(w)["velocity"] == pytest.approx(-v_textbook / 0.1, rel=1e-12)


def test_state_is_read_only_and_live() -> None:
    w = Value(1.0, label="w")
    optimizer = optim.Adam([w], lr=0.1)
    view = optimizer.state(w)
    assert dict(view) == {"m": 0.0, "v": 0.0}
    with pytest.raises(TypeError):
        view["m"] = 5.0  # type: ignore[index]
    (w * w).backward()
    optimizer.step()
    assert view["m"] == pytest.approx(0.1 * 2.0)  # (1 - beta1) g, seen through the same view
    assert view["v"] == pytest.approx(0.001 * 4.0)
    with pytest.raises(KeyError, match="not one of its parameters"):
        optimizer.state(Value(0.0))


def test_zero_grad_clears_gradients() -> None:
    a, b = Value(1.0), Value(2.0)
    optimizer = optim.SGD([a, b], lr=0.1)
    (a * b).backward()
    assert (a.grad, b.grad) == (2.0, 1.0)
    optimizer.zero_grad()
    assert (a.grad, b.grad) == (0.0, 0.0)


def test_step_that_overflows_raises_and_changes_nothing() -> None:
    a, b = Value(1.0, label="a"), Value(1.0, label="b")
    a.grad, b.grad = 1.0, 1e308
    optimizer = optim.SGD([a, b], lr=1e10)
    with pytest.raises(OverflowError, match="parameter b"):
        optimizer.step()
    assert (a.data, b.data) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda p: optim.SGD(p, lr=-0.1),
            ValueError,
            "SGD: lr must be a finite number >= 0, got -0.1",
        ),
        (
            lambda p: optim.SGD(p, lr=0.1, nesterov=True),
            ValueError,
            "nesterov=True needs a momentum",
        ),
        (lambda p: optim.SGD(p, lr=math.nan), ValueError, "lr"),
        (lambda p: optim.RMSprop(p, alpha=1.0), ValueError, "alpha must be a finite number in"),
        (lambda p: optim.Adam(p, betas=(0.9, 1.5)), ValueError, "betas"),
        (lambda p: optim.Adam(p, betas=(0.9,)), ValueError, "pair"),
        (lambda p: optim.Adam([]), ValueError, "empty parameter list"),
        (lambda p: optim.Adam([*p, p[0]]), ValueError, "appears twice"),
        (lambda p: optim.SGD(p[0], lr=0.1), TypeError, "list of Values"),
        (lambda p: optim.SGD([1.0], lr=0.1), TypeError, "params"),
    ],
)
def test_bad_settings_raise(make: Any, error: type[Exception], message: str) -> None:
    params = [Value(1.0, label="w")]
    with pytest.raises(
        error, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
    ):
        make(params)


def test_a_refused_step_does_not_count() -> None:
    # Issue 15, defect 14: the step count went up although the step was refused, so Adam's
    # bias correction used t = 2 for what was really its first step.
    w = Value(1.7e308, label="w")
    w.grad = -1.0
    optimizer = optim.Adam([w], lr=1e308)
    with pytest.raises(OverflowError, match="parameter w"):
        optimizer.step()
    assert optimizer.steps == 0 and dict(optimizer.state(w)) == {"m": 0.0, "v": 0.0}
    w.data, w.grad = 1.0, 0.5
    optimizer.lr = 0.1
    optimizer.step()
    t = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    reference = torch.optim.Adam([t], lr=0.1)
    t.grad = torch.tensor([0.5], dtype=torch.float64)
    reference.step()
    assert optimizer.steps == 1 and w.data == t.item()


@pytest.mark.parametrize(
    ("make", "state_name", "first_grad", "second_grad"),
    [
        (lambda p: optim.RMSprop(p, lr=0.01), "square_avg", 1.0, 1e200),
        (lambda p: optim.Adam(p, lr=0.01), "v", 1.0, 1e200),
        (lambda p: optim.SGD(p, lr=0.0, momentum=0.9), "velocity", 1.7e308, 1.7e308),
    ],
)
def test_state_that_would_overflow_is_refused_and_kept(
    make: Any, state_name: str, first_grad: float, second_grad: float
) -> None:
    # Issue 24, item 10: after one 1e200 gradient RMSprop's square_avg (and Adam's v) was inf
    # and the parameter never moved again; SGD's velocity overflows the same way.
    a, w = Value(0.5, label="a"), Value(1.0, label="w")
    optimizer = make([a, w])
    a.grad, w.grad = 0.25, first_grad
    optimizer.step()
    before = [(a.data, dict(optimizer.state(a))), (w.data, dict(optimizer.state(w)))]
    steps = optimizer.steps
    a.grad, w.grad = 0.25, second_grad
    name = type(optimizer).__name__
    with pytest.raises(
        OverflowError, match=rf"{name}\.step: the {state_name} of parameter w .* would become inf"
    ):
        optimizer.step()
    after = [(a.data, dict(optimizer.state(a))), (w.data, dict(optimizer.state(w)))]
    assert after == before and optimizer.steps == steps
    assert all(math.isfinite(x) for _, state in after for x in state.values())
