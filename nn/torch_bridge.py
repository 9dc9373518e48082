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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from autograd import Value
from autograd.ops import OPS
from nn.activations import Activation

__all__ = ["DropoutStep", "LinearStep", "TorchStep", "load_torch", "to_torch"]


@dataclass(frozen=True)
class LinearStep:
    """A layer as torch sees it: W x + b, then the activation (and dropout, if the layer has it).

    `weights[j]` are neuron j's weights w_1 .. w_n, `biases[j]` its b (the parameter Values);
    `biases` is None for a layer made with `bias=False`.
    """

    nin: int
    weights: list[list[Value]]
    biases: list[Value] | None
    activation: Activation
    dropout: float | None = None


@dataclass(frozen=True)
class DropoutStep:
    """A stand-alone `Dropout(p)`."""

    p: float


TorchStep = LinearStep | DropoutStep


class Bridged(Protocol):
    """A model the bridge can translate: `nn.Module` (each layer lists its `torch_steps()`)."""

    training: bool

    def torch_steps(self) -> Sequence[TorchStep]: ...


def _torch() -> Any:
    """The torch module, or a clear error saying how to install it."""
    try:
        import torch
    except ImportError:
        raise ImportError(
            'to_torch needs PyTorch: pip install -e ".[torch]" (or pip install torch)'
        ) from None
    return torch


def _activation_module(torch: Any, activation: Activation) -> Any | None:
    """The torch.nn module of an activation (None for linear): its op's `Op.torch_module`."""
    if activation.is_linear:
        return None
    module = getattr(torch.nn, OPS[activation.name].torch_module)
    return module() if activation.parameter is None else module(activation.parameter)


def to_torch(model: Bridged) -> Any:
    """An equivalent `torch.nn.Sequential` (float64) with the model's current weights."""
    torch = _torch()
    modules: list[Any] = []
    for step in model.torch_steps():
        if isinstance(step, DropoutStep):
            modules.append(torch.nn.Dropout(step.p))
            continue
        weight = [[w.data for w in row] for row in step.weights]
        bias = None if step.biases is None else [b.data for b in step.biases]
        linear = torch.nn.Linear(step.nin, len(weight), bias=bias is not None, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            if bias is not None:
                linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))
        modules.append(linear)
        activation = _activation_module(torch, step.activation)
        if activation is not None:
            modules.append(activation)
        if step.dropout is not None:
            modules.append(torch.nn.Dropout(step.dropout))
    result = torch.nn.Sequential(*modules)
    result.train(model.training)
    return result


def load_torch(model: Bridged, torch_model: Any) -> None:
    """Copy the weights of an equivalent torch model (as `to_torch` makes) into `model`.

    Every `torch.nn.Linear` of `torch_model`, in order, must have the shape of the
    model's next layer; otherwise a ValueError lists the first mismatch and nothing changes.
    """
    torch = _torch()
    layers = [step for step in model.torch_steps() if isinstance(step, LinearStep)]
    linears = [m for m in torch_model.modules() if isinstance(m, torch.nn.Linear)]
    if len(linears) != len(layers):
        raise ValueError(
            f"load_torch: the torch model has {len(linears)} Linear layers, the model {len(layers)}"
        )
    updates: list[tuple[Any, float]] = []
    for position, (layer, linear) in enumerate(zip(layers, linears)):
        expected = (len(layer.weights), layer.nin)
        has_bias = layer.biases is not None
        if tuple(linear.weight.shape) != expected or (linear.bias is None) == has_bias:
            bias_mismatch = (linear.bias is None) == has_bias
            theirs = ("and no bias " if has_bias else "and a bias ") if bias_mismatch else ""
            ours = (" and a bias" if has_bias else " and no bias") if bias_mismatch else ""
            raise ValueError(
                f"load_torch: Linear {position} has weight {tuple(linear.weight.shape)} "
                f"{theirs}where layer {position} needs {expected}{ours}"
            )
        weight = linear.weight.detach().to(torch.float64).tolist()
        for parameters, row in zip(layer.weights, weight):
            updates += list(zip(parameters, row))
        if linear.bias is not None and layer.biases is not None:
            bias = linear.bias.detach().to(torch.float64).tolist()
            updates += list(zip(layer.biases, bias))
    bad = [f"{p.label} ({number!r})" for p, number in updates if not math.isfinite(number)]
    if bad:
        raise ValueError(
            f"load_torch: non-finite weights, nothing was changed: {', '.join(bad[:5])}"
        )
    for parameter, number in updates:
        parameter.data = float(number)
