"""`Neuron`, `Layer`, `Sequential`, `MLP` and `Dropout`: models made of `Value`s, small enough to draw.

A neuron computes z = w_1 x_1 + ... + w_n x_n + b as ONE n-ary sum node
(`autograd.sum_values` over the products w_i x_i and b) and then a = f(z)
with its activation f (no activation node for a linear neuron). A layer is a
list of neurons that see the same inputs (optionally followed by dropout); a
`Sequential` feeds each module's output to the next; an MLP is a `Sequential`
of layers, the last one linear unless told otherwise.

Every node a neuron makes carries a typed `autograd.roles.Role` (its layer,
neuron and kind: w, b, wx, z, a) that drawings read, and a label with the
neuron's dotted name (`layers.0.neurons.3.wx.1`, `...z`, `...a`); every
parameter is labelled with its `named_parameters()` name
(`layers.0.neurons.3.w.1`, `...b`). Calling a model on numbers wraps them as
leaves labelled `x.0`, `x.1`, ... (role "x"); a model of output width 1
returns one `Value`, a wider one a list.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

from autograd import Value, sum_values
from autograd.roles import Role
from nn.activations import Activation, resolve_activation
from nn.init import check_init_rule, draw_weight, make_rng
from nn.module import Inputs, Module
from nn.torch_bridge import DropoutStep, LinearStep, TorchStep

__all__ = ["MLP", "Dropout", "Inputs", "Layer", "Neuron", "Sequential", "as_input_values"]

_input_labels: list[str] = []  # "x.0", "x.1", ...: made once, shared by every call
_input_roles: list[Role] = []  # Role("x", index=0), ...: the same


def _input_label(position: int) -> str:
    """The label `x.{position}`, built once and reused (no string formatting per call)."""
    while len(_input_labels) <= position:
        _input_roles.append(Role("x", index=len(_input_labels)))
        _input_labels.append(f"x.{len(_input_labels)}")
    return _input_labels[position]


def as_input_values(inputs: Inputs, expected: int, where: str) -> list[Value]:
    """`inputs` as a list of `expected` Values: numbers become leaves labelled `x.{i}` (role x_i)."""
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
            leaf = Value(x, label=_input_label(position))
            leaf.role = _input_roles[position]
            values.append(leaf)
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


def _check_bias(bias: object, where: str) -> bool:
    """`bias` if it is True or False, else a clear error (bias=0 or "no" would read as a number)."""
    if not isinstance(bias, bool):
        raise TypeError(f"{where}: bias must be True or False, got {bias!r}")
    return bias


def _one_or_list(outputs: list[Value]) -> Value | list[Value]:
    """One output as a `Value`, several as the list (micrograd's convention)."""
    return outputs[0] if len(outputs) == 1 else outputs


class Neuron(Module[Value]):
    """One neuron: a = f(w_1 x_1 + ... + w_n x_n + b).

    `Neuron(nin, activation="relu", init="uniform", seed=None)`: `nin` is the number
    of inputs (micrograd's name); `fan_out` is the width of the layer it sits in (used
    by the Xavier rule only). The weights `w` come from `nn.init`; the bias `b` starts
    at 0, as in micrograd (PyTorch's `nn.Linear` draws its bias at random too).
    `position` is (layer, neuron) in a model, from 0: `Layer` and `MLP` pass it, so that the
    roles of the neuron's nodes are made once, already right (None, None for a bare neuron).
    With `bias=False` there is no `b` (`self.b` is None): z = w_1 x_1 + ... + w_n x_n, as
    PyTorch's `nn.Linear(..., bias=False)`.
    """

    def __init__(
        self,
        nin: int,
        activation: str | Activation = "relu",
        *,
        init: str = "uniform",
        seed: int | random.Random | None = None,
        fan_out: int = 1,
        position: tuple[int | None, int | None] = (None, None),
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.nin = _check_width(nin, "Neuron: nin")
        _check_bias(bias, "Neuron")
        _check_width(fan_out, "Neuron: fan_out")
        self.activation = resolve_activation(activation)
        check_init_rule(init)
        rng = make_rng(seed)
        self.w = [
            self.register_parameter(f"w.{k}", Value(draw_weight(init, nin, fan_out, rng)))
            for k in range(nin)
        ]
        self.b = self.register_parameter("b", Value(0.0)) if bias else None
        self.layer_position, self.neuron_position = position
        self._make_roles()
        self._label_tree()

    def set_position(self, layer: int | None, neuron: int | None) -> None:
        """Move this neuron to (layer, neuron) (from 0): new roles only if the position changed.

        `Sequential` calls this (through `Layer.set_position`) for layers built on their own.
        """
        if (layer, neuron) != (self.layer_position, self.neuron_position):
            self.layer_position, self.neuron_position = layer, neuron
            self._make_roles()

    def _make_roles(self) -> None:
        """The `Role` of every node this neuron makes, for its position: made once, reused by
        every call (the parameters get theirs now, `compute` hands out the others; the nin
        roles of the products w_k·x_k wait for the first call, see `_product_names`)."""
        layer, neuron = self.layer_position, self.neuron_position
        for k, weight in enumerate(self.w):
            weight.role = Role("w", layer, neuron, k)
        if self.b is not None:
            self.b.role = Role("b", layer, neuron)
        self._product_roles: list[Role] = []
        self._sum_role = Role("z", layer, neuron)
        self._activation_role = Role("a", layer, neuron)

    def _set_prefix(self, prefix: str) -> None:
        """Label the parameters, and precompute the labels of `z` and `a` (`wx.k`: at first call)."""
        super()._set_prefix(prefix)
        self._prefix = prefix
        self._product_labels: list[str] = []
        self._sum_label = f"{prefix}z"
        self._activation_label = f"{prefix}a"

    def _product_names(self) -> tuple[list[str], list[Role]]:
        """The labels `…wx.k` and roles of the products w_k·x_k, made at the first call and
        reused by every later one (a model that is only built, like notebook 03's 84,301
        parameters, never makes them; `set_position` and relabelling start them afresh)."""
        if not self._product_labels:
            self._product_labels = [f"{self._prefix}wx.{k}" for k in range(self.nin)]
        if not self._product_roles:
            layer, neuron = self.layer_position, self.neuron_position
            self._product_roles = [Role("wx", layer, neuron, k) for k in range(self.nin)]
        return self._product_labels, self._product_roles

    def forward(self, inputs: Inputs) -> Value:
        """a = f(z) for `nin` inputs (Values or numbers)."""
        return self.compute(as_input_values(inputs, self.nin, "Neuron"))

    def compute(self, inputs: list[Value]) -> Value:
        """z = sum_values([w_1 x_1, ..., w_n x_n, b]) (no b without a bias), then a = f(z)
        (z itself when linear).

        `inputs` must already be `nin` Values (`forward` checks them; `Layer` checks once
        for all its neurons).
        """
        products = [weight * x for weight, x in zip(self.w, inputs)]
        labels, roles = self._product_names()
        for product, label, role in zip(products, labels, roles):
            product.label = label
            product.role = role
        z = sum_values(products if self.b is None else (*products, self.b))
        z.label = self._sum_label
        z.role = self._sum_role
        if self.activation.is_linear:
            return z
        a = self.activation(z)
        a.label = self._activation_label
        a.role = self._activation_role
        return a

    def torch_steps(self) -> list[TorchStep]:
        """One Linear with one output (and the activation)."""
        biases = None if self.b is None else [self.b]
        return [LinearStep(self.nin, [list(self.w)], biases, self.activation)]

    def __repr__(self) -> str:
        no_bias = ", no bias" if self.b is None else ""
        return f"Neuron({self.nin} -> {self.activation}{no_bias})"


class Dropout(Module[Value | list[Value]]):
    """Inverted dropout: in training mode each input is zeroed with probability `p`.

    A kept input is scaled by 1 / (1 - p), so the expected output equals the
    input and evaluation mode (`model.eval()`) can simply pass inputs through
    unchanged (the same `Value`s). `seed` makes the dropped pattern reproducible.
    """

    def __init__(self, p: float = 0.5, *, seed: int | random.Random | None = None) -> None:
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p must be a number in [0, 1), got {p!r}")
        self.p = float(p)
        self.rng = make_rng(seed)

    def forward(self, inputs: Inputs) -> Value | list[Value]:
        """x / (1 - p) with probability 1 - p, else x * 0 (training); x itself (eval).

        One Value gives one Value, a list gives a list; inputs must be Values.
        """
        if isinstance(inputs, Value):
            return self.drop([inputs])[0]
        if isinstance(inputs, (int, float, str, bytes)) or not isinstance(inputs, Sequence):
            raise TypeError(
                f"Dropout: expected a Value or a list of Values, got {type(inputs).__name__}"
            )
        values: list[Value] = []
        for position, x in enumerate(inputs):
            if not isinstance(x, Value):
                raise TypeError(
                    f"Dropout: input {position} must be a Value, got {type(x).__name__} {x!r}"
                )
            values.append(x)
        return self.drop(values)

    def drop(self, inputs: list[Value]) -> list[Value]:
        """The dropout of a list of Values (already checked), as a list."""
        if not self.training or self.p == 0.0:
            return list(inputs)
        scale = 1.0 / (1.0 - self.p)
        uniform = self.rng.random  # one U(0, 1) number per input: dropped when below p
        return [x * 0.0 if uniform() < self.p else x * scale for x in inputs]

    def torch_steps(self) -> list[TorchStep]:
        """`torch.nn.Dropout(p)`."""
        return [DropoutStep(self.p)]

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"


class Layer(Module[Value | list[Value]]):
    """`nout` neurons that all see the same `nin` inputs (micrograd's names and defaults).

    With `dropout=p` a `Dropout(p)` (registered as `dropout`) follows the neurons' outputs.
    `position` is the layer's number in its model (from 0; `MLP` passes it, None on its own).
    With `bias=False` its neurons have no bias (z = W·x).
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str | Activation = "relu",
        *,
        init: str = "uniform",
        seed: int | random.Random | None = None,
        dropout: float = 0.0,
        position: int | None = None,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.nin = _check_width(nin, "Layer: nin")
        self.bias = _check_bias(bias, "Layer")
        self.nout = _check_width(nout, "Layer: nout")
        self.activation = resolve_activation(activation)
        rng = make_rng(seed)
        self.layer_position = position
        self.neurons = [
            self.register_module(
                f"neurons.{j}",
                Neuron(
                    nin,
                    self.activation,
                    init=init,
                    seed=rng,
                    fan_out=nout,
                    position=(position, j),
                    bias=bias,
                ),
            )
            for j in range(nout)
        ]
        checked = Dropout(dropout, seed=rng)  # checks p with Dropout's own error
        self.dropout = self.register_module("dropout", checked) if dropout else None
        self._label_tree()

    def set_position(self, layer: int | None) -> None:
        """Record this layer's position in its model (from 0) in its neurons' roles.

        A neuron already at (layer, j) keeps its roles, so an `MLP`'s layers (built in place)
        cost nothing here.
        """
        self.layer_position = layer
        for j, neuron in enumerate(self.neurons):
            neuron.set_position(layer, j)

    def forward(self, inputs: Inputs) -> Value | list[Value]:
        """Each neuron's output, in order (then dropout, if any): one Value if nout is 1."""
        values = as_input_values(inputs, self.nin, "Layer")
        outputs = [neuron.compute(values) for neuron in self.neurons]
        if self.dropout is not None:
            outputs = self.dropout.drop(outputs)
        return _one_or_list(outputs)

    def torch_steps(self) -> list[TorchStep]:
        """One Linear(nin, nout), the activation, and the layer's dropout."""
        weights = [list(neuron.w) for neuron in self.neurons]
        biases = None if not self.bias else [n.b for n in self.neurons if n.b is not None]
        dropout = self.dropout.p if self.dropout is not None else None
        return [LinearStep(self.nin, weights, biases, self.activation, dropout)]

    def __repr__(self) -> str:
        dropout = f", dropout({self.dropout.p:g})" if self.dropout is not None else ""
        no_bias = "" if self.bias else ", no bias"
        return f"Layer({self.nin} -> {self.nout} {self.activation}{no_bias}{dropout})"


StepT = TypeVar("StepT", bound=Module[Value | list[Value]])


class Sequential(Module[Value | list[Value]], Generic[StepT]):
    """Modules applied one after another: `Sequential(m0, m1, m2)(x)` is `m2(m1(m0(x)))`.

    The modules are registered as "0", "1", ...; `seq[i]`, `len(seq)` and `for m in seq` work as
    on a list. Its `Layer`s are numbered 0, 1, ... in order (other modules, such as `Dropout`,
    are skipped), and that number is the layer in the roles of their nodes.
    """

    def __init__(self, *modules: StepT) -> None:
        super().__init__()
        self.steps = [self.register_module(str(i), module) for i, module in enumerate(modules)]
        layer_number = 0
        for module in self.steps:
            if isinstance(module, Layer):
                module.set_position(layer_number)
                layer_number += 1
        self._label_tree()

    def forward(self, inputs: Inputs) -> Value | list[Value]:
        """Each module on the previous one's output."""
        if not self.steps:
            raise ValueError("Sequential: no modules to apply")
        outputs = self.steps[0](inputs)
        for module in self.steps[1:]:
            outputs = module(outputs)
        return outputs

    def __getitem__(self, position: int) -> StepT:
        return self.steps[position]

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[StepT]:
        return iter(self.steps)

    def torch_steps(self) -> list[TorchStep]:
        """Each step's torch layers, in order."""
        return [part for step in self.steps for part in step.torch_steps()]

    def __repr__(self) -> str:
        return f"Sequential({', '.join(repr(module) for module in self.steps)})"


class MLP(Module[Value | list[Value]]):
    """A multi-layer perceptron: `MLP(nin, nouts)` has one layer per entry of `nouts`.

    `model.layers` is a `Sequential` of `Layer`s (`model.layers[1].neurons[0]` is neuron 0 of
    the second layer). Hidden layers use `activation`; the last layer uses `output_activation`
    ("linear" unless told otherwise). With `dropout=p`, each hidden layer ends with a
    `Dropout(p)`. With `bias=False` no neuron has a bias. `MLP(2, [16, 16, 1])` is micrograd's
    moons model.
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
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.nin = _check_width(nin, "MLP: nin")
        self.bias = _check_bias(bias, "MLP")
        if isinstance(nouts, (int, str)) or not isinstance(nouts, Sequence) or not nouts:
            raise ValueError(f"MLP: nouts must be a non-empty list of layer widths, got {nouts!r}")
        widths = [_check_width(width, "MLP: layer width") for width in nouts]
        hidden = resolve_activation(activation)
        output = resolve_activation(output_activation)
        Dropout(dropout)  # check p with Dropout's own error, even for a one-layer MLP
        rng = make_rng(seed)
        sizes = [self.nin, *widths]
        last = len(widths) - 1
        layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                output if i == last else hidden,
                init=init,
                seed=rng,
                dropout=0.0 if i == last else dropout,
                position=i,  # its number in self.layers: roles made once, already right
                bias=bias,
            )
            for i in range(len(widths))
        ]
        self.layers = self.register_module("layers", Sequential(*layers))
        self._label_tree()

    def forward(self, inputs: Inputs) -> Value | list[Value]:
        """The layers in order: `self.layers(x)`."""
        return self.layers(as_input_values(inputs, self.nin, "MLP"))

    def torch_steps(self) -> list[TorchStep]:
        """The layers' torch layers, in order."""
        return self.layers.torch_steps()

    def __repr__(self) -> str:
        parts = [str(self.nin)]
        for layer in self.layers:
            parts.append(f"{layer.nout} {layer.activation}")
            if layer.dropout is not None:
                parts.append(f"dropout({layer.dropout.p:g})")
        no_bias = "" if self.bias else ", no bias"
        return f"MLP({' -> '.join(parts)}{no_bias})"
