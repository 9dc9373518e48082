"""`find_layers`: the layers of neurons in a graph, so that a replay can run each as one matrix product.

A layer of m neurons that all read the same n inputs a_1 … a_n computes, neuron by neuron,

    z_j = Σ_k w_jk a_k + b_j        (one "sum" node of n products w_jk · a_k and the bias)
    a'_j = f(z_j)                   (its activation, the same op for every neuron)

which is, for a batch with one column per example, the lecture's matrix form

    Z = W A + b 1ᵀ,   A' = f(Z)     and backward   δ = f′(Z) ⊙ ∂L/∂A',
    ∇W = δ Aᵀ,  ∇b = δ 1,  ∂L/∂A = Wᵀ δ.

`find_layers(order, parameters, varying, kept)` finds such groups in one example's graph.
`nn` models record a `Role` on every node (kind "z" for the sum, layer l), and the sums a
role names are the candidates; the structure is then checked, never assumed: every input of
the sum but a trailing bias is a product `w · a` of a parameter and a node that depends on
the example, read by nothing but this sum; the neurons of one layer read the same inputs in
the same order. A graph built by hand the same way (the benchmark's MLP, with no roles) is
recognised by its structure alone. The activation is fused (one `f(Z)` for the layer) when
every z_j is read only by its own a'_j = f(z_j, constants…), with the same op and constants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from autograd.ops import OPS
from autograd.value import Value

__all__ = ["LayerBlock", "find_layers"]


@dataclass(eq=False)
class LayerBlock:
    """One recognised layer: Z = W A + b (rows = neurons), then optionally A' = f(Z)."""

    sums: list[Value]  # z_j, one per neuron, in neuron order
    weights: list[list[Value]]  # W[j][k]: the parameter leaf multiplying input k in neuron j
    biases: list[Value] | None  # b_j (None: no bias in this layer)
    inputs: list[Value]  # a_k, read by every neuron
    products: set[Value] = field(default_factory=set)  # the w·a nodes the matrix product replaces
    activations: list[Value] | None = None  # a'_j = f(z_j) when fused

    def __repr__(self) -> str:
        fused = f", then {self.activations[0].op}" if self.activations else ""
        bias = " + b" if self.biases is not None else ""
        return f"LayerBlock({len(self.sums)}x{len(self.inputs)}: Z = W A{bias}{fused})"

    @property
    def outputs(self) -> list[Value]:
        """The nodes the layer hands on: its activations if fused, else its sums."""
        return self.activations if self.activations is not None else self.sums


def _consumers(order: Sequence[Value]) -> dict[Value, list[Value]]:
    readers: dict[Value, list[Value]] = {}
    for node in order:
        for x in node.inputs:
            readers.setdefault(x, []).append(node)
    return readers


def _neuron(
    node: Value,
    parameters: set[Value],
    varying: set[Value],
    kept: set[Value],
    readers: dict[Value, list[Value]],
) -> tuple[list[Value], list[Value], Value | None] | None:
    """(weights, inputs, bias) of a sum node of the form Σ_k w_k · a_k (+ b), else None."""
    if node.op != "sum" or node not in varying:
        return None
    parts = list(node.inputs)
    bias = parts[-1] if parts and parts[-1] in parameters and not parts[-1].inputs else None
    products = parts[:-1] if bias is not None else parts
    if not products:
        return None
    weights, inputs = [], []
    for product in products:
        if product.op != "*" or len(product.inputs) != 2 or product in kept:
            return None
        weight, x = product.inputs
        users = readers.get(product, [])
        if weight not in parameters or x not in varying or len(users) != 1 or users[0] is not node:
            return None  # (Values are compared by identity: `==` on Values builds a node)
        weights.append(weight)
        inputs.append(x)
    return weights, inputs, bias


def _fused_activations(
    block: LayerBlock,
    parameters: set[Value],
    varying: set[Value],
    kept: set[Value],
    readers: dict[Value, list[Value]],
) -> list[Value] | None:
    """The a'_j = f(z_j) of every neuron when one elementwise f(Z) can compute them all."""
    activations: list[Value] = []
    for z in block.sums:
        users = readers.get(z, [])
        if z in kept or len(users) != 1:
            return None
        a = users[0]
        if OPS[a.op].variadic or not a.inputs or a.inputs[0] is not z:
            return None
        if any(x is z or x.inputs or x in parameters or x in varying for x in a.inputs[1:]):
            return None  # only constants (a slope, an alpha) beside z
        activations.append(a)
    first = activations[0]
    for a in activations[1:]:
        if a.op != first.op or [x.data for x in a.inputs[1:]] != [x.data for x in first.inputs[1:]]:
            return None
    return activations


def find_layers(
    order: Sequence[Value],
    parameters: Iterable[Value],
    varying: set[Value],
    kept: Iterable[Value],
) -> list[LayerBlock]:
    """The layers of `order` (a topological order), in the order their first sum appears.

    `parameters`: the shared leaves (weights and biases must be among them); `varying`: the
    nodes that depend on the example; `kept`: nodes whose own value must stay available (the
    loss, traced outputs), which are never folded into a product.
    """
    parameter_set, kept_set = set(parameters), set(kept)
    readers = _consumers(order)
    groups: dict[tuple[object, ...], LayerBlock] = {}
    for node in order:
        role = node.role
        if role is not None and role.kind != "z":
            continue  # an nn model's sums carry role "z"; a hand-built graph has no roles
        found = _neuron(node, parameter_set, varying, kept_set, readers)
        if found is None:
            continue
        weights, inputs, bias = found
        layer = role.layer if role is not None else None
        key = (layer, bias is not None, tuple(id(x) for x in inputs))
        block = groups.get(key)
        if block is None:
            groups[key] = LayerBlock(
                [node], [weights], [bias] if bias is not None else None, inputs
            )
        else:
            block.sums.append(node)
            block.weights.append(weights)
            if block.biases is not None and bias is not None:
                block.biases.append(bias)
    blocks = list(groups.values())
    for block in blocks:
        block.products = {p for z in block.sums for p in z.inputs if p.op == "*"}
        block.activations = _fused_activations(block, parameter_set, varying, kept_set, readers)
    return blocks
