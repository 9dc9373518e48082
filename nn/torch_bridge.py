"""The bridge to PyTorch: an `nn` model as an equivalent `torch.nn.Sequential`, and back.

`to_torch(model)` (also `model.to_torch()`) builds the model a user would write in PyTorch
once the batch no longer fits a scalar engine: each `Layer(nin, nout, activation)` becomes
`torch.nn.Linear(nin, nout)` followed by the activation's module, with the same numbers in
float64: row j of the weight matrix W is neuron j's weights w_1 .. w_n, entry j of the bias
is its b, so the layer computes a = f(W x + b) for a whole batch at once (torch stores x as
a row, so it computes x Wᵀ + b). A layer's dropout becomes `torch.nn.Dropout(p)`, and the
torch model starts in the same train/eval mode.

| nn | torch.nn |
|---|---|
| `Layer(nin, nout, "relu")` | `Linear(nin, nout)`, `ReLU()` |
| "tanh", "sigmoid" | `Tanh()`, `Sigmoid()` |
| `leaky_relu(s)`, `elu(a)` | `LeakyReLU(s)`, `ELU(a)` |
| "linear" | (nothing) |
| `dropout=p` | `Dropout(p)` |

`load_torch(model, torch_model)` (also `model.load_torch(...)`) copies the weights of such a
torch model back into the `nn` model (checking every shape first; nothing changes on a
mismatch), so a model can go to PyTorch, train there, come back, be drawn and stepped through,
and be saved with `nn.save`. torch is an optional dependency (`pip install -e ".[torch]"`):
it is imported only when one of these functions is called.
"""

from __future__ import annotations

import math
from typing import Any

from nn.activations import Activation
from nn.layers import MLP, Dropout, Layer, Neuron, Sequential
from nn.module import Module

__all__ = ["load_torch", "to_torch"]


def _torch() -> Any:
    """The torch module, or a clear error saying how to install it."""
    try:
        import torch
    except ImportError:
        raise ImportError(
            'to_torch needs PyTorch: pip install -e ".[torch]" (or pip install torch)'
        ) from None
    return torch


def _steps(model: Module[Any]) -> list[Layer | Neuron | Dropout]:
    """The model's layers (and stand-alone dropouts) in the order they are applied."""
    if isinstance(model, MLP):
        return _steps(model.layers)
    if isinstance(model, Sequential):
        found: list[Layer | Neuron | Dropout] = []
        for step in model:
            found += _steps(step)
        return found
    if isinstance(model, (Layer, Neuron, Dropout)):
        return [model]
    raise TypeError(
        f"to_torch: {type(model).__name__} is not one of nn's layers "
        "(MLP, Sequential, Layer, Neuron, Dropout)"
    )


def _activation_module(torch: Any, activation: Activation) -> Any | None:
    """The torch.nn module of an activation (None for linear)."""
    name, parameter = activation.name, activation.parameter
    if name == "linear":
        return None
    if name == "relu":
        return torch.nn.ReLU()
    if name == "tanh":
        return torch.nn.Tanh()
    if name == "sigmoid":
        return torch.nn.Sigmoid()
    if name == "leaky_relu":
        return torch.nn.LeakyReLU(parameter)
    return torch.nn.ELU(parameter)  # the only other activation nn has


def _weights(step: Layer | Neuron) -> tuple[list[list[float]], list[float] | None]:
    """The layer's weight matrix (one row per neuron) and bias vector (None: no bias), as numbers."""
    neurons = step.neurons if isinstance(step, Layer) else [step]
    weights = [[w.data for w in neuron.w] for neuron in neurons]
    biases = [neuron.b.data for neuron in neurons if neuron.b is not None]
    return weights, biases if len(biases) == len(neurons) else None


def to_torch(model: Module[Any]) -> Any:
    """An equivalent `torch.nn.Sequential` (float64) with the model's current weights."""
    torch = _torch()
    modules: list[Any] = []
    for step in _steps(model):
        if isinstance(step, Dropout):
            modules.append(torch.nn.Dropout(step.p))
            continue
        weight, bias = _weights(step)
        linear = torch.nn.Linear(step.nin, len(weight), bias=bias is not None, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            if bias is not None:
                linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))
        modules.append(linear)
        activation = _activation_module(torch, step.activation)
        if activation is not None:
            modules.append(activation)
        if isinstance(step, Layer) and step.dropout is not None:
            modules.append(torch.nn.Dropout(step.dropout.p))
    result = torch.nn.Sequential(*modules)
    result.train(model.training)
    return result


def load_torch(model: Module[Any], torch_model: Any) -> None:
    """Copy the weights of an equivalent torch model (as `to_torch` makes) into `model`.

    Every `torch.nn.Linear` of `torch_model`, in order, must have the shape of the
    model's next layer; otherwise a ValueError lists the first mismatch and nothing changes.
    """
    torch = _torch()
    layers = [step for step in _steps(model) if not isinstance(step, Dropout)]
    linears = [m for m in torch_model.modules() if isinstance(m, torch.nn.Linear)]
    if len(linears) != len(layers):
        raise ValueError(
            f"load_torch: the torch model has {len(linears)} Linear layers, the model {len(layers)}"
        )
    updates: list[tuple[Any, float]] = []
    for position, (layer, linear) in enumerate(zip(layers, linears)):
        neurons = layer.neurons if isinstance(layer, Layer) else [layer]
        expected = (len(neurons), layer.nin)
        has_bias = neurons[0].b is not None
        if tuple(linear.weight.shape) != expected or (linear.bias is None) == has_bias:
            bias_mismatch = (linear.bias is None) == has_bias
            theirs = ("and no bias " if has_bias else "and a bias ") if bias_mismatch else ""
            ours = (" and a bias" if has_bias else " and no bias") if bias_mismatch else ""
            raise ValueError(
                f"load_torch: Linear {position} has weight {tuple(linear.weight.shape)} "
                f"{theirs}where layer {position} needs {expected}{ours}"
            )
        weight = linear.weight.detach().to(torch.float64).tolist()
        for neuron, row in zip(neurons, weight):
            updates += list(zip(neuron.w, row))
        if linear.bias is not None:
            bias = linear.bias.detach().to(torch.float64).tolist()
            updates += [(neuron.b, b) for neuron, b in zip(neurons, bias) if neuron.b is not None]
    bad = [f"{p.label} ({number!r})" for p, number in updates if not math.isfinite(number)]
    if bad:
        raise ValueError(
            f"load_torch: non-finite weights, nothing was changed: {', '.join(bad[:5])}"
        )
    for parameter, number in updates:
        parameter.data = float(number)
