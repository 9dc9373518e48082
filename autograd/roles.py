"""`Role`: what a node is in a neural network, recorded by `nn` and read by the drawings.

A `Value` made by an `nn` model carries a `Role` in `value.role` (every other Value has None):
which layer and which neuron it belongs to, and what it is there. The kinds are the lecture's
letters for one neuron j of layer l with inputs x_k (or a_k^{(l−1)} after the first layer):

    kind "w"    the weight w_{jk}^{(l)} (from input k to neuron j)      a parameter (leaf)
    kind "b"    the bias b_j^{(l)}                                      a parameter (leaf)
    kind "wx"   the product w_{jk}^{(l)} · a_k^{(l−1)}                   a "*" node
    kind "z"    z_j^{(l)} = Σ_k w_{jk}^{(l)} a_k^{(l−1)} + b_j^{(l)}     one "sum" node
    kind "a"    a_j^{(l)} = f(z_j^{(l)})                                  the activation node
    kind "x"    the model input x_k                                      a leaf
    kind "loss" the loss a model is trained on                           the loss function's result
    kind "p"    the probability p_k of class k (`nn.functional.cross_entropy`'s softmax)

`layer` and `neuron` are positions counted from 0, as in `model.layers[layer].neurons[neuron]`
and in `named_parameters()` names; the drawings print them counted from 1, as the course does
(layer 0 is l = 1, input 0 is x_1). `layer` is None for a `Layer` or `Neuron` used on its own,
`neuron` is None for a bare `Neuron`. `index` is k for "w", "wx", "x" and "p". A model makes one
Role per node kind and neuron, once (the products' at its first call), and reuses it in every
call, so recording roles costs one pointer per node. `autograd.viz` reads roles only: it never
parses labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ROLE_KINDS", "Role", "RoleKind"]

RoleKind = Literal["w", "b", "wx", "z", "a", "x", "loss", "p"]
ROLE_KINDS: tuple[RoleKind, ...] = ("w", "b", "wx", "z", "a", "x", "loss", "p")


@dataclass(frozen=True, slots=True)
class Role:
    """Which layer and neuron a node belongs to and what it is there (see the module docstring)."""

    kind: RoleKind
    layer: int | None = None  # position of the layer in the model, from 0; None outside a model
    neuron: int | None = None  # position of the neuron in its layer, from 0; None for x and loss
    index: int | None = None  # k, the input: for "w", "wx" and "x"; the class for "p"

    def __post_init__(self) -> None:
        if self.kind not in ROLE_KINDS:
            raise ValueError(
                f"Role: kind must be one of {', '.join(ROLE_KINDS)}, got {self.kind!r}"
            )
        for field_name in ("layer", "neuron", "index"):
            number = getattr(self, field_name)
            if number is not None and (
                isinstance(number, bool) or not isinstance(number, int) or number < 0
            ):
                raise ValueError(f"Role: {field_name} must be None or an int >= 0, got {number!r}")
        if (self.index is None) == (self.kind in ("w", "wx", "x", "p")):
            raise ValueError(f"Role: kind {self.kind!r} needs index only for w, wx, x and p")

    @property
    def in_neuron(self) -> bool:
        """True for the nodes a neuron makes or owns (w, b, wx, z, a)."""
        return self.kind in ("w", "b", "wx", "z", "a")
