"""`Module`: what every model part shares (calling, parameters, names, zero_grad, train/eval).

A module owns some parameters (leaf `Value`s) and some child modules, each registered under a
name with `register_parameter(name, value)` / `register_module(name, module)`: the one way to
add them, as PyTorch's and minitorch's modules do. `named_parameters()` walks the tree of modules
(iteratively, with an explicit stack) and joins the names with dots, as PyTorch does:
`layers.0.neurons.3.w.1` is weight 1 of neuron 3 of layer 0. The same name is the parameter's
`label`. Calling a module, `module(inputs)`, is `module.forward(inputs)`: the base class calls
`forward` once, so both always give the same thing. `train()` / `eval()` switch the whole tree
between training mode (Dropout active) and evaluation mode.

Where we differ from PyTorch: `named_parameters()` and `parameters()` return lists (not
generators), `zero_grad()` sets each `.grad` to 0.0 (PyTorch's default sets it to None),
registration is an explicit call (PyTorch also registers by plain attribute assignment), and a
name may contain dots ("w.0", "neurons.3") so that lists of weights or neurons need no extra
container module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, Self, TypeVar

from autograd import Value
from nn.torch_bridge import TorchStep, load_torch, to_torch

__all__ = ["Inputs", "Module"]

# What a model can be called on: one input, or a list of them, each a Value or a number.
Inputs = Value | float | int | Sequence[Value | float | int]

OutputT = TypeVar("OutputT", covariant=True)  # what calling the module gives
ModuleT = TypeVar("ModuleT", bound="Module[Any]")


class Module(Generic[OutputT]):
    """Base class of `Neuron`, `Layer`, `Sequential`, `MLP` and `Dropout`.

    A subclass calls `super().__init__()`, registers its parameters and children, and writes
    `forward(inputs)`. `Module[Value]` is a module whose call gives one `Value`.
    """

    training: bool  # False after eval(): Dropout passes its inputs through

    def __init__(self) -> None:
        self._parameters: dict[str, Value] = {}
        self._modules: dict[str, Module[Any]] = {}
        self.training = True

    def register_parameter(self, name: str, parameter: Value) -> Value:
        """Add a parameter (a leaf Value) under `name`; returns it, so `self.b = ...` reads well."""
        if not isinstance(parameter, Value) or not parameter.is_leaf:
            raise TypeError(f"register_parameter: {name!r} must be a leaf Value, got {parameter!r}")
        self._check_new_name(name)
        self._parameters[name] = parameter
        return parameter

    def register_module(self, name: str, module: ModuleT) -> ModuleT:
        """Add a child module under `name`; returns it."""
        if not isinstance(module, Module):
            raise TypeError(f"register_module: {name!r} must be a Module, got {module!r}")
        self._check_new_name(name)
        self._modules[name] = module
        return module

    def _check_new_name(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"register: a name must be a non-empty str, got {name!r}")
        if name in self._parameters or name in self._modules:
            raise ValueError(f"register: {name!r} is already registered in {self!r}")

    def forward(self, inputs: Inputs) -> OutputT:
        """What the module computes; every subclass writes it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, inputs: Inputs) -> OutputT:
        """`module(inputs)` is `module.forward(inputs)`."""
        return self.forward(inputs)

    def named_modules(self) -> list[tuple[str, Module[Any]]]:
        """Every module of the tree with its dotted name ("" for this one), parents first."""
        found: list[tuple[str, Module[Any]]] = []
        stack: list[tuple[str, Module[Any]]] = [("", self)]
        while stack:
            name, module = stack.pop()
            found.append((name, module))
            prefix = f"{name}." if name else ""
            for child_name, child in reversed(module._modules.items()):
                stack.append((prefix + child_name, child))
        return found

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its dotted name, in a stable order (the order of `parameters()`)."""
        named: list[tuple[str, Value]] = []
        for module_name, module in self.named_modules():
            prefix = f"{module_name}." if module_name else ""
            for name, parameter in module._parameters.items():
                named.append((prefix + name, parameter))
        return named

    def parameters(self) -> list[Value]:
        """Every parameter (a leaf `Value`), in a stable order."""
        return [parameter for _, parameter in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 (leaves accumulate over `backward()` calls)."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    def train(self, mode: bool = True) -> Self:
        """Switch this module and all its children to training mode (or eval mode for False)."""
        if not isinstance(mode, bool):
            raise TypeError(f"train: mode must be True or False, got {mode!r}")
        for _, module in self.named_modules():
            module.training = mode
        return self

    def eval(self) -> Self:
        """Switch this module and all its children to evaluation mode (Dropout does nothing)."""
        return self.train(False)

    def torch_steps(self) -> list[TorchStep]:
        """This module as the layers of a torch model, in order (each layer class says its own)."""
        raise TypeError(
            f"to_torch: {type(self).__name__} is not one of nn's layers "
            "(MLP, Sequential, Layer, Neuron, Dropout)"
        )

    def to_torch(self) -> Any:
        """An equivalent `torch.nn.Sequential` (float64, same weights); see `nn.torch_bridge`."""
        return to_torch(self)  # torch itself is optional: imported by the call

    def load_torch(self, torch_model: Any) -> None:
        """Copy the weights of an equivalent torch model back in; see `nn.torch_bridge`."""
        load_torch(self, torch_model)

    def _set_prefix(self, prefix: str) -> None:
        """Label own parameters with their full dotted name (`prefix` is "" or "a.b.").

        Subclasses that label the nodes they make (`Neuron`) extend this.
        """
        for name, parameter in self._parameters.items():
            parameter.label = prefix + name

    def _label_tree(self) -> None:
        """Give every module of the tree its full dotted prefix; containers call it when built."""
        for name, module in self.named_modules():
            module._set_prefix(f"{name}." if name else "")
