"""`Module`: what every model part shares (parameters, names, zero_grad, train/eval).

A module owns some parameters (leaf `Value`s) and some child modules, each
under a name. `named_parameters()` walks the tree of modules (iteratively, with
an explicit stack) and joins the names with dots, as PyTorch does:
`layers.0.neurons.3.w.1` is weight 1 of neuron 3 of layer 0. The same name is
the parameter's `label`, so a drawing of any graph shows which weight is which.
`train()` / `eval()` switch the whole tree between training mode (Dropout
active) and evaluation mode. Unlike PyTorch, `named_parameters()` and
`parameters()` return lists (not generators), and `zero_grad()` sets each
`.grad` to 0.0 (PyTorch's default sets it to None).
"""

from __future__ import annotations

from typing import Self

from autograd import Value

__all__ = ["Module"]


class Module:
    """Base class of `Neuron`, `Layer`, `MLP` and `Dropout`.

    Subclasses override `_own_parameters()` (their own `(name, Value)` pairs),
    `_children()` (their `(name, Module)` pairs) and `_relabel(prefix)` (put the
    dotted name `prefix` in front of the labels of the nodes they make).
    """

    training: bool = True  # False after eval(): Dropout passes its inputs through

    def _own_parameters(self) -> list[tuple[str, Value]]:
        """This module's own parameters (not its children's), with short names."""
        return []

    def _children(self) -> list[tuple[str, Module]]:
        """This module's direct child modules, with their names."""
        return []

    def _relabel(self, prefix: str) -> None:
        """Label own parameters and precomputed node labels with the dotted `prefix` ("" or "a.b.")."""

    def named_modules(self) -> list[tuple[str, Module]]:
        """Every module of the tree with its dotted name ("" for this one), parents first."""
        found: list[tuple[str, Module]] = []
        stack: list[tuple[str, Module]] = [("", self)]
        while stack:
            name, module = stack.pop()
            found.append((name, module))
            prefix = f"{name}." if name else ""
            for child_name, child in reversed(module._children()):
                stack.append((prefix + child_name, child))
        return found

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with its dotted name, in a stable order (the order of `parameters()`)."""
        named: list[tuple[str, Value]] = []
        for module_name, module in self.named_modules():
            prefix = f"{module_name}." if module_name else ""
            for name, parameter in module._own_parameters():
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

    def _label_tree(self) -> None:
        """Give every module of the tree its full dotted prefix (called by containers)."""
        for name, module in self.named_modules():
            module._relabel(f"{name}." if name else "")
