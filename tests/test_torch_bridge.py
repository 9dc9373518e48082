"""`model.to_torch()` and `model.load_torch()`: the same network in PyTorch, and back again.

The torch model must compute the same outputs and the same gradients (float64, 1e-12), train
the same (SGD steps in both give the same weights to 1e-9), and survive the round trip
nn -> torch -> nn -> nn.save -> nn.load with every weight bit for bit.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from autograd import Value
from nn import MLP, Layer, Neuron, activations, datasets, functional, load, optim, save

torch.set_num_threads(1)  # tiny tensors: one thread is faster than two on a busy 2-core machine


def close(a: float, b: float, tolerance: float = 1e-12) -> bool:
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def outputs_of(output: Value | list[Value]) -> list[float]:
    return [output.data] if isinstance(output, Value) else [o.data for o in output]


ACTIVATIONS = [
    "relu",
    "tanh",
    "sigmoid",
    "linear",
    activations.leaky_relu(0.2),
    activations.elu(0.7),
]


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=str)
def test_same_outputs_and_gradients(activation: str | activations.Activation) -> None:
    points, labels = datasets.moons(20, noise=0.1, seed=2)
    model = MLP(2, [5, 4, 3], activation=activation, seed=4)
    net = model.to_torch()
    x = torch.tensor(points, dtype=torch.float64)
    got = net(x)
    for row, point in zip(got.tolist(), points):
        assert all(close(a, b) for a, b in zip(row, outputs_of(model(point))))

    target = [int(label) for label in labels]
    torch.nn.functional.cross_entropy(got, torch.tensor(target)).backward()
    model.zero_grad()
    functional.mean(
        [functional.cross_entropy(model(p), t) for p, t in zip(points, target)]
    ).backward()
    for layer, linear in zip(model.layers, [m for m in net if isinstance(m, torch.nn.Linear)]):
        for j, neuron in enumerate(layer.neurons):
            assert linear.weight.grad is not None and linear.bias.grad is not None
            assert all(close(w.grad, g) for w, g in zip(neuron.w, linear.weight.grad[j].tolist()))
            assert close(neuron.b.grad, float(linear.bias.grad[j]))


def test_the_modules_mirror_the_layers() -> None:
    model = MLP(3, [4, 4, 1], activation="tanh", dropout=0.25, seed=0)
    net = model.to_torch()
    names = [type(m).__name__ for m in net]
    assert names == ["Linear", "Tanh", "Dropout", "Linear", "Tanh", "Dropout", "Linear"]
    assert net[2].p == 0.25
    assert net.training
    assert not model.eval().to_torch().training
    assert [type(m).__name__ for m in Layer(2, 3, "sigmoid").to_torch()] == ["Linear", "Sigmoid"]
    single = Neuron(3, activations.leaky_relu(0.3), seed=1).to_torch()
    assert single[1].negative_slope == 0.3
    assert single[0].weight.dtype == torch.float64


@pytest.mark.slow  # imports torch's optimizers, ten steps both ways
def test_training_in_both_agrees() -> None:
    points, labels = datasets.xor(30, noise=0.1, seed=1)
    model = MLP(2, [6, 1], activation="tanh", seed=3)
    net = model.to_torch()
    ours = optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    theirs = torch.optim.SGD(net.parameters(), lr=0.2, momentum=0.9)
    x = torch.tensor(points, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.float64)
    for _ in range(10):
        ours.zero_grad()
        loss = functional.mean(
            [
                functional.binary_cross_entropy_with_logits(model(p), t)
                for p, t in zip(points, labels)
            ]
        )
        loss.backward()
        ours.step()
        theirs.zero_grad()
        torch_loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x)[:, 0], y)
        torch_loss.backward()
        theirs.step()
        assert close(loss.data, float(torch_loss.detach()), 1e-9)
    back = MLP(2, [6, 1], activation="tanh", seed=99)
    back.load_torch(net)
    assert all(close(a.data, b.data, 1e-9) for a, b in zip(back.parameters(), model.parameters()))


def test_round_trip_through_torch_and_json(tmp_path: Path) -> None:
    model = MLP(2, [7, 3], seed=5)
    net = model.to_torch()
    copy = MLP(2, [7, 3], seed=6)
    copy.load_torch(net)
    assert [p.data for p in copy.parameters()] == [p.data for p in model.parameters()]
    save(copy, tmp_path / "model.json")
    again = MLP(2, [7, 3], seed=7)
    load(again, tmp_path / "model.json")
    assert [p.data for p in again.parameters()] == [p.data for p in model.parameters()]
    rebuilt = again.to_torch()
    for a, b in zip(rebuilt.state_dict().values(), net.state_dict().values()):
        assert torch.equal(a, b)


def test_load_torch_refuses_a_different_shape_and_changes_nothing() -> None:
    model = MLP(2, [3, 1], seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(
        ValueError, match=r"Linear 0 has weight \(4, 2\) where layer 0 needs \(3, 2\)"
    ):
        model.load_torch(MLP(2, [4, 1], seed=1).to_torch())
    with pytest.raises(ValueError, match="has 3 Linear layers, the model 2"):
        model.load_torch(MLP(2, [3, 3, 1], seed=1).to_torch())
    broken = model.to_torch()
    with torch.no_grad():
        broken[0].weight[1, 1] = math.nan
    with pytest.raises(ValueError, match=r"non-finite weights.*layers\.0\.neurons\.1\.w\.1"):
        model.load_torch(broken)
    assert [p.data for p in model.parameters()] == before
