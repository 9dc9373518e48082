"""Find the mistake: one classic backprop error planted in one step of the lecture.

`export_html(f, path, mistake=name)` (and `--mistake`) shows the backward pass with one error a
student makes by hand, written as if it were right; every later number follows from it. The
student clicks the step they think is wrong, and a reveal names the mistake. The list (`MISTAKES`):

- "product_no_swap": ∂(a·b)/∂a taken as a itself instead of b, the other factor.
- "fanout_overwritten": a value used several times keeps only its last message (overwritten,
  not summed).
- "sign_lost": the minus of a − b (or of −a) is lost: ∂(a − b)/∂b taken as +1.
- "sigmoid_from_input": σ′ computed from the input z as z(1 − z) instead of from the output
  σ(z)(1 − σ(z)).
- "upstream_forgotten": a node sends its local derivative alone, without × upstream.

Each is planted at the first step, from the output, where it changes a number. The engine is
untouched: the planted pass is `backward_steps(root, mistake=...)`, a view.
"""

from __future__ import annotations

from collections.abc import Mapping

from autograd.gradients import grad
from autograd.graph import topological_order
from autograd.i18n import N_, _
from autograd.ops import OPS
from autograd.value import Value, is_constant
from autograd.viz.math_text import format_number

__all__ = ["MISTAKES", "PlantedMistake"]

MISTAKES: dict[str, str] = {
    "product_no_swap": N_(
        "×: the derivative by one factor is the other factor: ∂(a·b)/∂a is b, not a itself"
    ),
    "fanout_overwritten": N_(
        "a value used more than once sums its messages: here a message overwrote the one before"
    ),
    "sign_lost": N_("the sign at − was lost: ∂(a − b)/∂b is −1 (and ∂(−a)/∂a is −1), not 1"),
    "sigmoid_from_input": N_(
        "σ′ = σ(1 − σ) takes the output σ(z), not the input z: z(1 − z) is not the derivative"
    ),
    "upstream_forgotten": N_(
        "the upstream gradient was forgotten: a message is upstream × local, not local alone"
    ),
}

# (local_grad, message, wrong rule (math, numbers) or None, upstream forgotten, overwrite)
Wrong = tuple[float, float, tuple[str, str] | None, bool, bool]


class PlantedMistake:
    """One mistake of `MISTAKES` planted in `root`'s backward pass (see the module docstring).

    `node` is the operation node whose step is wrong (for "fanout_overwritten": the node whose
    messages are overwritten, `target`); `explanation` says what went wrong, in the current
    language. A ValueError names the valid mistakes, or says why this one does not fit the graph.
    """

    def __init__(self, name: str, root: Value, where: str = "export_html") -> None:
        if name not in MISTAKES:
            raise ValueError(
                f"{where}: unknown mistake {name!r}; the mistakes are: {', '.join(MISTAKES)}"
            )
        self.name = name
        self.explanation = _(MISTAKES[name])
        order = topological_order(root)
        self.target: Value | None = None  # the overwritten node (fanout_overwritten)
        self.node: Value | None = None
        gradients = dict(zip(order, grad(root, order)))
        operations = [node for node in reversed(order) if node.inputs]
        if name == "fanout_overwritten":
            self.target = _fan_out(order, gradients)
        else:
            self.node = next((n for n in operations if self._fits(n, root, gradients)), None)
        if self.node is None and self.target is None:
            raise ValueError(f"{where}: mistake {name!r} {_NEEDS[name]}, and this graph has none")

    def _fits(self, node: Value, root: Value, gradients: Mapping[Value, float]) -> bool:
        """True if planting the mistake at `node` changes a number."""
        a = node.inputs[0]
        if gradients.get(node, 0.0) == 0.0:
            return False
        if self.name == "product_no_swap":
            return node.op == "*" and a.data != node.inputs[1].data
        if self.name == "sign_lost":
            return node.op in ("-", "neg")
        if self.name == "sigmoid_from_input":
            return node.op == "sigmoid"
        # upstream_forgotten: upstream × local differs from local
        return (
            node is not root and gradients[node] != 1.0 and not all(map(is_constant, node.inputs))
        )

    def applies(self, node: Value, index: int, input_node: Value) -> bool:
        """Is the message from `node` to its input `index` the wrong one?"""
        if self.target is not None:
            return input_node is self.target
        if node is not self.node:
            return False
        if self.name == "sign_lost":
            return index == (1 if node.op == "-" else 0)
        return True

    def wrong(
        self, node: Value, index: int, upstream: float, local: float, names: Mapping[Value, str]
    ) -> Wrong:
        """The wrong local derivative and message, and how the caption writes them."""
        source = node.inputs[index]
        if self.name == "fanout_overwritten":
            return local, upstream * local, None, False, True
        if self.name == "upstream_forgotten":
            return local, local, None, True, False
        if self.name == "product_no_swap":
            wrong_local = source.data
            rule = (names[source], format_number(wrong_local))
        elif self.name == "sign_lost":
            wrong_local = 1.0
            rule = ("1", "1")
        else:  # sigmoid_from_input: z(1 − z)
            z = source.data
            wrong_local = z * (1 - z)
            name, number = names[source], format_number(z)
            rule = (f"{name}(1 − {name})", f"{_operand(number)}·(1 − {_operand(number)})")
        return wrong_local, upstream * wrong_local, rule, False, False


_NEEDS = {
    "product_no_swap": "needs a product a·b of two different values",
    "fanout_overwritten": "needs a value used more than once",
    "sign_lost": "needs a subtraction or a negation",
    "sigmoid_from_input": "needs a σ",
    "upstream_forgotten": "needs a step whose upstream gradient is not 1",
}


def _operand(text: str) -> str:
    return f"({text})" if text.startswith("\N{MINUS SIGN}") else text


def _fan_out(order: list[Value], gradients: Mapping[Value, float]) -> Value | None:
    """The first node, from the output, that receives several non-zero messages."""
    senders: dict[Value, int] = {}
    for node in order:
        if not node.inputs:
            continue
        differentiable = len(node.inputs) - (1 if OPS[node.op].parameter else 0)
        for parent in node.inputs[:differentiable]:
            if not is_constant(parent) and gradients.get(node, 0.0) != 0.0:
                senders[parent] = senders.get(parent, 0) + 1
    for node in reversed(order):
        if senders.get(node, 0) > 1:
            return node
    return None
