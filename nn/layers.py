"""`Neuron`, `Layer`, `MLP` and `Dropout`: models made of `Value`s, small enough to draw.

A neuron computes z = w_1 x_1 + ... + w_n x_n + b as ONE n-ary sum node
(`autograd.sum_values` over the products w_i x_i and b) and then a = f(z)
with its activation f (no activation node for a linear neuron). A layer is a
list of neurons that see the same inputs; an MLP is a list of layers, the last
one linear unless told otherwise. Every node a neuron makes is labelled with
the neuron's dotted name (`layers.0.neurons.3.wx.1`, `...z`, `...a`) and every
parameter with its `named_parameters()` name (`layers.0.neurons.3.w.1`,
`...b`), so drawings can group nodes by neuron or layer. Calling a model on
numbers wraps them as leaves labelled `x.0`, `x.1`, ...; a model of output
width 1 returns one `Value`, a wider one a list.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from autograd import Value, sum_values
from nn.activations import Activation, resolve_activation
from nn.init import check_init_rule, draw_weight, make_rng
from nn.module import Module

__all__ = ["MLP", "Dropout", "Layer", "Neuron", "as_input_values"]

# What a model can be called on: one input, or a list of them, each a Value or a number.
Inputs = Value | float | int | Sequence[Value | float | int]

_input_labels: list[str] = []  # "x.0", "x.1", ...: made once, shared by every call


def _input_label(position: int) -> str:
    """The label `x.{position}`, built once and reused (no string formatting per call)."""
    while len(_input_labels) <= position:
        _input_labels.append(f"x.{len(_input_labels)}")
    return _input_labels[position]


def as_input_values(inputs: Inputs, expected: int, where: str) -> list[Value]:
    """`inputs` as a list of `expected` Values: numbers become leaves labelled `x.{i}`."""
    if isinstance(inputs, (Value, int, float)):
        inputs = [inputs]
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(
            f"{where}: expected a list of {expected} Values or numbers, got {type(inputs).__name__}"
        )
    if len(inputs) != expected:
        raise ValueError(f"{where}: expected {expected} inputs, got {len(inputs)}")
    values: list[Value] = []
    for position, x in enumerate(inputs):
        if isinstance(x, Value):
            values.append(x)
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            values.append(Value(x, label=_input_label(position)))
        else:
            raise TypeError(
                f"{where}: input {position} must be a Value or a number, got {type(x).__name__} {x!r}"
            )
    return values


def _check_width(width: object, what: str) -> int:
    """`width` (a number of inputs or neurons) if it is an int >= 1, else a clear error."""
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValueError(f"{what}: expected a positive int, got {width!r}")
    return width


class Neuron(Module):
    """One neuron: a = f(w_1 x_1 + ... + w_n x_n + b).

    `Neuron(nin, activation="relu", init="uniform", seed=None)`: `nin` is the number
    of inputs (micrograd's name); `fan_out` is the width of the layer it sits in (used
    by the Xavier rule only). The weights `w` come from `nn.init`; the bias `b` starts
    at 0, as in micrograd (PyTorch's `nn.Linear` draws its bias at random too).
    """

    def __init__(
        self,
        nin: int,
        activation: str | Activation = "relu",
        *,
        init: str = "uniform",
        seed: int | random.Random | None = None,
        fan_out: int = 1,
    ) -> None:
        self.nin = _check_width(nin, "Neuron: nin")
        _check_width(fan_out, "Neuron: fan_out")
        self.activation = resolve_activation(activation)
        check_init_rule(init)
        rng = make_rng(seed)
        self.w = [Value(draw_weight(init, nin, fan_out, rng)) for _ in range(nin)]
        self.b = Value(0.0)
        self._relabel("")

    def _own_parameters(self) -> list[tuple[str, Value]]:
        return [*zip(self._weight_names, self.w), ("b", self.b)]

    def _relabel(self, prefix: str) -> None:
        """Precompute every label this neuron uses, once: `{prefix}w.i`, `wx.i`, `b`, `z`, `a`."""
        self._weight_names = [f"w.{i}" for i in range(self.nin)]
        for weight, name in zip(self.w, self._weight_names):
            weight.label = prefix + name
        self.b.label = f"{prefix}b"
        self._product_labels = [f"{prefix}wx.{i}" for i in range(self.nin)]
        self._sum_label = f"{prefix}z"
        self._activation_label = f"{prefix}a"

    def forward(self, inputs: list[Value]) -> Value:
        """z = sum_values([w_1 x_1, ..., w_n x_n, b]), then a = f(z) (z itself when linear)."""
        products = [weight * x for weight, x in zip(self.w, inputs)]
        for product, label in zip(products, self._product_labels):
            product.label = label
        z = sum_values((*products, self.b))
        z.label = self._sum_label
        if self.activation.is_linear:
            return z
        a = self.activation(z)
        a.label = self._activation_label
        return a

    def __call__(self, inputs: Inputs) -> Value:
        return self.forward(as_input_values(inputs, self.nin, "Neuron"))

    def __repr__(self) -> str:
        return f"Neuron({self.nin} -> {self.activation})"


class Layer(Module):
    """`nout` neurons that all see the same `nin` inputs (micrograd's names and defaults)."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str | Activation = "relu",
        *,
        init: str = "uniform",
        seed: int | random.Random | None = None,
    ) -> None:
        self.nin = _check_width(nin, "Layer: nin")
        self.nout = _check_width(nout, "Layer: nout")
        self.activation = resolve_activation(activation)
        rng = make_rng(seed)
        self.neurons = [
            Neuron(nin, self.activation, init=init, seed=rng, fan_out=nout) for _ in range(nout)
        ]
        self._label_tree()

    def _children(self) -> list[tuple[str, Module]]:
        return [(f"neurons.{position}", neuron) for position, neuron in enumerate(self.neurons)]

    def forward(self, inputs: list[Value]) -> list[Value]:
        """Each neuron's output, in order."""
        return [neuron.forward(inputs) for neuron in self.neurons]

    def __call__(self, inputs: Inputs) -> Value | list[Value]:
        outputs = self.forward(as_input_values(inputs, self.nin, "Layer"))
        return outputs[0] if len(outputs) == 1 else outputs

    def __repr__(self) -> str:
        return f"Layer({self.nin} -> {self.nout} {self.activation})"


class Dropout(Module):
    """Inverted dropout: in training mode each input is zeroed with probability `p`.

    A kept input is scaled by 1 / (1 - p), so the expected output equals the
    input and evaluation mode (`model.eval()`) can simply pass inputs through
    unchanged (the same `Value`s). `seed` makes the dropped pattern reproducible.
    """

    def __init__(self, p: float = 0.5, *, seed: int | random.Random | None = None) -> None:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p must be a number in [0, 1), got {p!r}")
        self.p = float(p)
        self.rng = make_rng(seed)

    def forward(self, inputs: list[Value]) -> list[Value]:
        """x / (1 - p) with probability 1 - p, else x * 0 (training); x itself (eval)."""
        if not self.training or self.p == 0.0:
            return list(inputs)
        scale = 1.0 / (1.0 - self.p)
        uniform = self.rng.random  # one U(0, 1) number per input: dropped when below p
        return [x * 0.0 if uniform() < self.p else x * scale for x in inputs]

    def __call__(self, inputs: Value | Sequence[Value]) -> Value | list[Value]:
        if isinstance(inputs, Value):
            return self.forward([inputs])[0]
        values = list(inputs)
        for position, x in enumerate(values):
            if not isinstance(x, Value):
                raise TypeError(
                    f"Dropout: input {position} must be a Value, got {type(x).__name__} {x!r}"
                )
        return self.forward(values)

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"


class MLP(Module):
    """A multi-layer perceptron: `MLP(nin, nouts)` has one layer per entry of `nouts`.

    Hidden layers use `activation`; the last layer uses `output_activation`
    ("linear" unless told otherwise). With `dropout=p`, a `Dropout(p)` follows
    each hidden layer. `MLP(2, [16, 16, 1])` is micrograd's moons model.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str | Activation = "relu",
        *,
        output_activation: str | Activation = "linear",
        init: str = "uniform",
        seed: int | random.Random | None = None,
        dropout: float = 0.0,
    ) -> None:
        self.nin = _check_width(nin, "MLP: nin")
        if isinstance(nouts, (int, str)) or not isinstance(nouts, Sequence) or not nouts:
            raise ValueError(f"MLP: nouts must be a non-empty list of layer widths, got {nouts!r}")
        widths = [_check_width(width, "MLP: layer width") for width in nouts]
        hidden = resolve_activation(activation)
        output = resolve_activation(output_activation)
        rng = make_rng(seed)
        sizes = [self.nin, *widths]
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                output if i == len(widths) - 1 else hidden,
                init=init,
                seed=rng,
            )
            for i in range(len(widths))
        ]
        self.dropouts = (
            [Dropout(dropout, seed=rng) for _ in range(len(widths) - 1)] if dropout else []
        )
        if not self.dropouts:
            Dropout(dropout)  # no dropout layer to keep, but check p with Dropout's own error
        self._label_tree()

    def _children(self) -> list[tuple[str, Module]]:
        children: list[tuple[str, Module]] = [
            (f"layers.{i}", layer) for i, layer in enumerate(self.layers)
        ]
        children += [(f"dropouts.{i}", dropout) for i, dropout in enumerate(self.dropouts)]
        return children

    def forward(self, inputs: list[Value]) -> list[Value]:
        """The layers in order (with dropout after each hidden layer, if any)."""
        values = inputs
        for i, layer in enumerate(self.layers):
            values = layer.forward(values)
            if i < len(self.dropouts):
                values = self.dropouts[i].forward(values)
        return values

    def __call__(self, inputs: Inputs) -> Value | list[Value]:
        outputs = self.forward(as_input_values(inputs, self.nin, "MLP"))
        return outputs[0] if len(outputs) == 1 else outputs

    def __repr__(self) -> str:
        parts = [str(self.nin)]
        for i, layer in enumerate(self.layers):
            parts.append(f"{layer.nout} {layer.activation}")
            if i < len(self.dropouts):
                parts.append(f"dropout({self.dropouts[i].p:g})")
        return f"MLP({' -> '.join(parts)})"
