"""`bias=False` on `Neuron`, `Layer` and `MLP`: z = W·x with no b, as `torch.nn.Linear(bias=False)`.

The model has no bias parameter at all (not a bias frozen at 0), computes the same outputs and
gradients as PyTorch's bias-free network (float64), and draws, steps and round-trips through
`to_torch`/`load_torch` like any other model.
"""

from __future__ import annotations

import math

import pytest
import torch

from autograd import Value
from autograd.lecture.network_frames import lecture_frames_for
from autograd.viz.diagram import draw
from nn import MLP, Layer, Neuron


def test_no_bias_parameter_anywhere() -> None:
    model = MLP(2, [3, 1], "tanh", bias=False, seed=0)
    names = [name for name, _ in model.named_parameters()]
    assert len(names) == 2 * 3 + 3 * 1
    assert not any(name.endswith(".b") for name in names)
    assert all(neuron.b is None for layer in model.layers for neuron in layer.neurons)
    assert "no bias" in repr(model)
    layer = Layer(3, 2, bias=False, seed=0)
    assert [neuron.b for neuron in layer.neurons] == [None, None]
    assert Neuron(2, bias=False).parameters().__len__() == 2


def test_outputs_and_gradients_match_torch() -> None:
    model = MLP(2, [2, 2, 1], "sigmoid", bias=False, seed=3)
    x = [0.7, -1.3]
    out = model(x)
    assert isinstance(out, Value)
    loss = 0.5 * (1 - out) ** 2
    loss.backward()
    torch_model = model.to_torch()
    linears = [m for m in torch_model.modules() if isinstance(m, torch.nn.Linear)]
    assert all(linear.bias is None for linear in linears)
    tx = torch.tensor([x], dtype=torch.float64)
    t_out = torch_model(tx)
    t_loss = (0.5 * (1 - t_out) ** 2).sum()
    t_loss.backward()
    assert math.isclose(t_out.item(), out.data, rel_tol=1e-12)
    ours = [p.grad for p in model.parameters()]
    theirs = [g for linear in linears for g in linear.weight.grad.flatten().tolist()]
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)


def test_load_torch_round_trip_and_bias_mismatch() -> None:
    model = MLP(2, [2, 1], bias=False, seed=1)
    other = MLP(2, [2, 1], bias=False, seed=2)
    other.load_torch(model.to_torch())
    assert [p.data for p in other.parameters()] == [p.data for p in model.parameters()]
    with pytest.raises(ValueError, match="no bias"):
        MLP(2, [2, 1], seed=1).load_torch(model.to_torch())
    with pytest.raises(ValueError, match="a bias"):
        model.load_torch(MLP(2, [2, 1], seed=1).to_torch())


def test_bias_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="MLP: bias must be True or False, got 0"):
        MLP(2, [1], bias=0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Layer: bias"):
        Layer(2, 1, bias="no")  # type: ignore[arg-type]


def test_a_bias_free_network_draws_and_steps() -> None:
    model = MLP(2, [2, 1], "sigmoid", bias=False, seed=1)
    out = model([1.0, -2.0])
    assert isinstance(out, Value)
    out.backward()
    grads = [p.grad for p in model.parameters()]
    source = draw(out, collapse=True).source
    assert "b<SUB>" not in source
    draw(out, expand=model.layers[0].neurons[1])  # a neuron without b can be expanded
    frames = lecture_frames_for(out, None, {"collapse": True})
    captions = "\n".join(frame.caption for frame in frames)
    assert "z₁⁽¹⁾ = w₁₁⁽¹⁾·x₁ + w₁₂⁽¹⁾·x₂ = " in captions
    assert "b₁⁽¹⁾" not in captions
    assert [p.grad for p in model.parameters()] == grads
