"""Activation functions by name: the table a `Neuron` looks its nonlinearity up in.

An `Activation` is a name ("relu"), an optional number parameter (the slope of
`leaky_relu`, the alpha of `elu`) and the engine operation that applies it, so
every activation is one node of the graph (`Value.relu`, `Value.tanh`,
`Value.sigmoid`, `Value.leaky_relu`, `Value.elu`) with an exact local gradient.
The activations are the ops of `autograd.ops.OPS` marked `activation=True` (their parameter's
default is the op's `parameter_default`): one more op marked so is one more activation.
`"linear"` is the identity: a linear neuron has no activation node at all.
Pass a name (`activation="leaky_relu"`, slope 0.01) or an `Activation` made by
`leaky_relu(0.2)` / `elu(0.5)` when the parameter should differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograd import Value
from autograd.ops import OPS
from autograd.value import apply_op, as_value

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "elu",
    "leaky_relu",
    "resolve_activation",
]


@dataclass(frozen=True)
class Activation:
    """A named nonlinearity: `name`, an optional constant `parameter`, applied by `__call__`.

    - relu(z) = max(0, z); d/dz = 1 for z > 0, else 0
    - tanh(z); d/dz = 1 - tanh(z)^2
    - sigmoid(z) = 1 / (1 + e^-z); d/dz = sigmoid(z) (1 - sigmoid(z))
    - leaky_relu(z) = z for z > 0, else slope * z; d/dz = 1 or slope
    - elu(z) = z for z > 0, else alpha (e^z - 1); d/dz = 1 or alpha e^z
    - linear(z) = z (no node)
    """

    name: str
    parameter: float | None = None

    def __post_init__(self) -> None:
        if self.name not in _NAMES:
            known = ", ".join(sorted(_NAMES))
            raise ValueError(f"Activation: unknown activation {self.name!r}; known: {known}")
        takes_parameter = self.name != "linear" and bool(OPS[self.name].parameter)
        if takes_parameter:
            if (
                isinstance(self.parameter, bool)
                or not isinstance(self.parameter, (int, float))
                or not math.isfinite(self.parameter)
            ):
                raise ValueError(
                    f"Activation: {self.name} needs a finite number parameter, got {self.parameter!r}"
                )
        elif self.parameter is not None:
            raise ValueError(f"Activation: {self.name} takes no parameter, got {self.parameter!r}")

    @property
    def is_linear(self) -> bool:
        """True for the identity: the neuron's output is its pre-activation z."""
        return self.name == "linear"

    def __call__(self, z: Value) -> Value:
        """Apply the activation to `z` with one engine operation (the identity for linear)."""
        if self.name == "linear":
            return z
        method = OPS[self.name].method  # the Value method (`z.tanh()`), as fast as written out
        if method:
            apply = getattr(z, method)
            result: Value = apply() if self.parameter is None else apply(self.parameter)
            return result
        if self.parameter is None:  # an op added at run time has no method: apply it by name
            return apply_op(self.name, [z])
        return apply_op(self.name, [z, as_value(self.parameter, self.name)])

    def __str__(self) -> str:
        """`relu`, or `leaky_relu(0.2)` when the parameter differs from the default."""
        if self.parameter is None or self.parameter == _DEFAULT_PARAMETER[self.name]:
            return self.name
        return f"{self.name}({self.parameter:g})"


# the activations: every op marked `activation=True` in autograd/ops.py, and the identity
_NAMES = frozenset({*(op.name for op in OPS.values() if op.activation), "linear"})
_DEFAULT_PARAMETER = {
    op.name: op.parameter_default
    for op in OPS.values()
    if op.activation and op.parameter_default is not None
}


def leaky_relu(slope: float = 0.01) -> Activation:
    """leaky_relu with a chosen slope for z < 0 (the seed's lecture uses 0.1, PyTorch 0.01)."""
    return Activation("leaky_relu", slope)


def elu(alpha: float = 1.0) -> Activation:
    """elu with a chosen alpha: alpha (e^z - 1) for z < 0."""
    return Activation("elu", alpha)


# name -> the activation with its default parameter
ACTIVATIONS: dict[str, Activation] = {
    name: Activation(name, _DEFAULT_PARAMETER.get(name))
    for name in [*(op.name for op in OPS.values() if op.activation), "linear"]
}


def resolve_activation(activation: str | Activation) -> Activation:
    """An `Activation` from a name in `ACTIVATIONS` or an `Activation` itself."""
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return ACTIVATIONS[activation]
    known = ", ".join(ACTIVATIONS)
    raise ValueError(
        f"activation: expected one of {known} or an nn.activations.Activation, got {activation!r}"
    )
