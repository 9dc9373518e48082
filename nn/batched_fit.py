"""The fast path of `nn.fit`: one example's graph traced once per kind of target, replayed over batches.

`fit` builds the batch's loss as `functional.mean([loss(model(x), y) for x, y in batch])`.
When every example's graph is the same up to its data, the step can instead be
replayed with `autograd.compile_batched`: the model is called once on input
leaves `x.0, x.1, ...`, the loss is built for one example, and the generated
numpy program runs over all the batch's examples at once. `BatchedSteps` does that
for `fit`:

- Examples are grouped by target, and each group has its own trace, because a
  loss may build a different graph for a different target (`binary_cross_entropy_with_logits`
  is `softplus(z)` for t = 0 and `-log_sigmoid(z)` for t = 1; `multiclass_hinge` leaves
  out the true class). `mse_loss` takes its target as a leaf instead, so one trace serves
  every target.
- After tracing, the graph of a second example of the group (if there is one) is built
  and compared node for node with the trace (ops, inputs, constants): a loss whose graph
  depends on the data is refused (`NotReplayableError`) with an error naming the first
  difference. A loss `fit` does not know (a user's own, such as micrograd's max-margin
  `relu(1 - y·score)`) is also probed: its graph for one target must be the same for
  outputs of every sign and size (−4 … 4), so a loss that branches on the output's value
  is refused.
- `cross_entropy` shifts the logits by their largest value, a number read from the data; its
  replayed form (`replay_cross_entropy`) computes that shift as a node, m = max(x_1, …, x_n),
  so one graph serves every example of a class. The loss is the same number; the gradient
  picks up (1 − Σ softmax) through m, zero up to rounding (1e-16).
- A soft BCE target (not 0 or 1) is a leaf of the replayed form `replay_bce` (both terms,
  weighted), so one trace serves any number of different targets.
- The batch loss and the gradients are those of `functional.mean` over the batch (the
  seed of every example is 1 / batch size), plus the `l2` penalty, replayed by
  `autograd.compile` on the parameters.

- Dropout in training mode multiplies by numbers drawn every step: the trace has a mask
  leaf per dropped unit instead (`masked_forward`), and each step draws the masks of
  every example (`draw_masks`) from the dropouts' own generators, in exactly the order
  the model itself would, so the masks and the generators' state are the interpreted loop's.

`eligibility(model, loss)` says whether `fit` may choose this path by itself: the model
must consist of `nn`'s own layers (no Python control flow on data inside them). Whatever
the tracing then refuses (`NotReplayableError`: more than `MAX_GROUPS` classes, a loss whose
graph depends on the data) makes `fit(engine="auto")` fall back to the interpreted engine,
with the reason in `History.reason`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

import autograd
from autograd import BatchedLoss, Value, compile_batched, sum_values, topological_order
from autograd.codegen.batched import add_grads, mean_loss
from autograd.roles import Role
from nn import functional
from nn.layers import MLP, Dropout, Layer, Neuron, Sequential, as_input_values
from nn.module import Module

__all__ = [
    "PER_EXAMPLE_LOSSES",
    "BatchedSteps",
    "NotReplayableError",
    "draw_masks",
    "eligibility",
    "masked_forward",
    "predict",
    "replay_bce",
    "replay_cross_entropy",
]

FloatArray = npt.NDArray[np.float64]

# Losses whose graph for one example depends only on the target (never on the data).
# mse_loss accepts its target as a Value, so it is traced once with the target as a leaf.
PER_EXAMPLE_LOSSES: dict[Callable[..., Value], str] = {
    functional.binary_cross_entropy_with_logits: "group",
    functional.multiclass_hinge: "group",
    functional.mse_loss: "leaf",
    functional.cross_entropy: "group",
}

# Outputs the probe of a user's loss tries (every sign, small and large): the loss's graph
# must not change between them.
_PROBES = (-4.0, -1.0, -0.25, 0.0, 0.25, 1.0, 4.0)


class NotReplayableError(ValueError):
    """The loss (or its targets) cannot be replayed from one trace per target; `fit(engine=
    "auto")` falls back to the interpreted engine, `engine="batched"` raises this."""


def replay_cross_entropy(logits: list[Value], target: int) -> Value:
    """`cross_entropy` with its shift as a node: log Σ_i e^(x_i − m) − (x_y − m), m = max_i x_i.

    The same number as `functional.cross_entropy` (which reads m from the data, so each
    example's graph has its own constant); d/dm = 1 − Σ softmax = 0 up to rounding.
    """
    shift = logits[0]
    for x in logits[1:]:
        shift = shift.max(x)
    shifted = [x - shift for x in logits]
    loss = sum_values(tuple(s.exp() for s in shifted)).log() - shifted[target]
    loss.role = Role("loss")
    return loss


def replay_bce(logit: Value, target: Value) -> Value:
    """`binary_cross_entropy_with_logits` with the target a leaf: −t log σ(z) + (1 − t) softplus(z).

    For t = 0 or 1 the same numbers as the function's one-term graph (a term times 0 adds 0).
    """
    return -(logit.log_sigmoid()) * target + logit.softplus() * (1.0 - target)


# Model parts whose graph never depends on the data through Python control flow.
_PLAIN_MODULES = (MLP, Sequential, Layer, Neuron, Dropout)

# More distinct targets than this (a regression with a hand-written loss) is not worth tracing.
MAX_GROUPS = 32


def eligibility(model: object, loss: Callable[..., Value]) -> str | None:
    """None when `fit` may replay batches by itself, else the reason it may not (one line)."""
    if not isinstance(model, Module):
        return "the model is not an nn.Module"
    for _, module in model.named_modules():
        if type(module) not in _PLAIN_MODULES:
            return f"{type(module).__name__} is not one of nn's own layers"
    return None


def predict(model: Any, points: Sequence[Sequence[float]]) -> list[list[float]]:
    """Each point's model outputs as numbers (a list per point), computing no gradient.

    For a model made of `nn`'s own layers without active dropout, one batched replay of the
    model's graph runs over all the points at once (the engine's numbers up to the last bit
    of numpy's tanh/exp); any other model is called point by point through the engine.
    Plots use it to evaluate a model on thousands of grid points.
    """
    rows = [list(map(float, point)) for point in points]
    plain = isinstance(model, Module) and all(
        type(module) in _PLAIN_MODULES
        and not (isinstance(module, Dropout) and module.training and module.p > 0.0)
        for _, module in model.named_modules()
    )
    if not plain or not rows:
        return [[o.data for o in _as_list(model(row))] for row in rows]
    inputs = [Value(x, label=f"x.{j}") for j, x in enumerate(rows[0])]
    outputs = _as_list(model(inputs))
    replay = compile_batched(sum_values(outputs), model.parameters(), inputs, outputs=outputs)
    _, _, columns = replay.run(rows, 0.0)
    table: list[list[float]] = np.column_stack(columns).tolist()
    return table


def _same_graph(traced: list[Value], other: list[Value], varying: set[Value]) -> str | None:
    """None if `other` is `traced` up to the example's data, else the first difference."""
    if len(traced) != len(other):
        return f"{len(other)} nodes instead of {len(traced)}"
    position = {node: i for i, node in enumerate(other)}
    traced_position = {node: i for i, node in enumerate(traced)}
    for i, (old, new) in enumerate(zip(traced, other)):
        same = old.op == new.op and [traced_position[x] for x in old.inputs] == [
            position[x] for x in new.inputs
        ]
        if same and not old.inputs and old not in varying:
            same = old.data == new.data  # a constant baked into the program (or a parameter)
        if not same:
            return f"node {i} ({old.op or 'constant'} {old.data!r} vs {new.op or 'constant'} {new.data!r})"
    return None


def _as_list(output: Value | list[Value]) -> list[Value]:
    return [output] if isinstance(output, Value) else list(output)


def _active(dropout: Dropout | None) -> bool:
    return dropout is not None and dropout.training and dropout.p > 0.0


def _input_width(model: Module[Any]) -> tuple[int, str]:
    """How many numbers one example has, and the name of the module that checks them."""
    if isinstance(model, (MLP, Layer, Neuron)):
        return model.nin, type(model).__name__
    if isinstance(model, Sequential):
        for step in model:
            if not isinstance(step, Dropout):
                return _input_width(step)
    raise TypeError(f"fit: {type(model).__name__} has no layer to tell its input width")


def masked_forward(
    model: Module[Any], inputs: list[Value], masks: list[tuple[Dropout, list[Value]]]
) -> list[Value]:
    """The model's forward pass with every active dropout multiplying by mask leaves.

    Dropout's own forward multiplies each input by the number 0 or 1 / (1 - p), drawn then and
    there; here each of those numbers is a leaf (`mask.{d}.{j}`, appended to `masks` with its
    Dropout), so one trace serves every example and every step, and the masks are data, drawn
    per example by `draw_masks` in the same order as the model would draw them. The graph is
    otherwise the one `model(inputs)` builds, node for node.
    """
    if isinstance(model, MLP):
        return masked_forward(model.layers, inputs, masks)
    if isinstance(model, Sequential):
        values = inputs
        for step in model:
            values = masked_forward(step, values, masks)
        return values
    if isinstance(model, Neuron):
        return [model.compute(inputs)]
    if isinstance(model, Layer):
        outputs = [neuron.compute(inputs) for neuron in model.neurons]
        return _masked(model.dropout, outputs, masks) if _active(model.dropout) else outputs
    if isinstance(model, Dropout):
        return _masked(model, inputs, masks) if _active(model) else inputs
    raise TypeError(f"fit: {type(model).__name__} is not one of nn's layers")


def _masked(
    dropout: Dropout | None, values: list[Value], masks: list[tuple[Dropout, list[Value]]]
) -> list[Value]:
    assert dropout is not None
    leaves = [Value(1.0, label=f"mask.{len(masks)}.{j}") for j in range(len(values))]
    masks.append((dropout, leaves))
    return [x * mask for x, mask in zip(values, leaves)]


def draw_masks(dropouts: list[tuple[Dropout, int]], count: int) -> FloatArray:
    """Masks for `count` examples, one row each: exactly the draws the model itself would make.

    For each example in turn, each dropout in forward order draws one U(0, 1) number per unit
    from its own generator and keeps the unit (1 / (1 - p)) unless the number is below p.
    """
    rows = []
    for _ in range(count):
        row: list[float] = []
        for dropout, width in dropouts:
            uniform, p, scale = dropout.rng.random, dropout.p, 1.0 / (1.0 - dropout.p)
            row += [0.0 if uniform() < p else scale for _ in range(width)]
        rows.append(row)
    return np.asarray(rows, dtype=np.float64).reshape(count, -1)


class BatchedSteps:
    """Traces for `fit`'s batches: one `BatchedLoss` per kind of target (see the module doc)."""

    def __init__(
        self,
        model: Module[Any],
        points: Sequence[Sequence[float]],
        targets: Sequence[Any],
        loss: Callable[..., Value],
        l2: float,
    ) -> None:
        self.model = model
        self.loss = loss
        self.parameters = model.parameters()
        width, where = _input_width(model)
        for point in points:  # the check (and the error) model(point) would give
            as_input_values(point, width, where)
        self.points: FloatArray = np.asarray(points, dtype=np.float64).reshape(len(points), width)
        self.known = loss in PER_EXAMPLE_LOSSES
        self.target_as_leaf = PER_EXAMPLE_LOSSES.get(loss) == "leaf"
        self.replayed_loss: Callable[..., Value] = loss
        if loss is functional.cross_entropy:
            self.replayed_loss = replay_cross_entropy
        if loss is functional.binary_cross_entropy_with_logits and any(
            t not in (0, 1) for t in targets
        ):
            self.target_as_leaf, self.replayed_loss = True, replay_bce
        self.keys = [self._key(target) for target in targets]
        self.targets = list(targets)
        self.traces: dict[Hashable, BatchedLoss] = {}
        self.dropouts: list[tuple[Dropout, int]] = []  # active ones, with their widths
        first_of: dict[Hashable, int] = {}
        second_of: dict[Hashable, int] = {}
        for i, key in enumerate(self.keys):
            if key not in first_of:
                first_of[key] = i
            elif key not in second_of:
                second_of[key] = i
        if len(first_of) > MAX_GROUPS:
            raise NotReplayableError(
                f"fit: {len(first_of)} different targets would need {len(first_of)} traces "
                f"(at most {MAX_GROUPS})"
            )
        for key, i in first_of.items():
            self.traces[key] = self._trace(i, second_of.get(key))
        self.regularizer = (
            autograd.compile(lambda: l2 * functional.l2(self.parameters), self.parameters)
            if l2
            else None
        )
        self.target_values = self._target_columns(targets) if self.target_as_leaf else None

    def _key(self, target: Any) -> Hashable:
        if self.target_as_leaf:
            return "all" if isinstance(target, (int, float)) else len(target)
        return tuple(target) if isinstance(target, (list, tuple)) else target

    def _target_columns(self, targets: Sequence[Any]) -> FloatArray:
        rows = [[t] if isinstance(t, (int, float)) else list(t) for t in targets]
        return np.asarray(rows, dtype=np.float64)

    def _example_graph(self, i: int) -> tuple[Value, list[Value], list[Value]]:
        """Example i's loss, its input leaves (data, dropout masks, targets) and the outputs."""
        inputs = [Value(float(x), label=f"x.{j}") for j, x in enumerate(self.points[i])]
        masks: list[tuple[Dropout, list[Value]]] = []
        outputs = masked_forward(self.model, inputs, masks)
        self.dropouts = [(dropout, len(leaves)) for dropout, leaves in masks]
        inputs += [leaf for _, leaves in masks for leaf in leaves]
        target = self.targets[i]
        if self.target_as_leaf:
            numbers = [target] if isinstance(target, (int, float)) else list(target)
            leaves = [Value(float(t), label=f"target.{j}") for j, t in enumerate(numbers)]
            loss = self.replayed_loss(
                outputs[0] if len(outputs) == 1 else outputs,
                leaves[0] if isinstance(target, (int, float)) else leaves,
            )
            inputs += leaves
        else:
            loss = self.replayed_loss(outputs[0] if len(outputs) == 1 else outputs, target)
        return loss, inputs, outputs

    def _probe(self, target: Any, width: int) -> None:
        """A loss `fit` does not know: its graph must not change with the output's value."""
        traced: list[Value] | None = None
        for k, probe in enumerate(_PROBES):
            leaves = [Value(_PROBES[(k + j) % len(_PROBES)] if j else probe) for j in range(width)]
            try:
                graph = topological_order(self.loss(leaves[0] if width == 1 else leaves, target))
            except (ArithmeticError, ValueError) as error:
                raise NotReplayableError(
                    f"fit: the loss fails for an output of {probe}: {error}"
                ) from None
            if traced is None:
                traced, first_leaves = graph, leaves
                continue
            difference = _same_graph(traced, graph, {*first_leaves, *leaves})
            if difference is not None:
                name = getattr(self.loss, "__name__", type(self.loss).__name__)
                raise NotReplayableError(
                    f"fit: the loss {name!r} builds a different graph for different outputs "
                    f"({difference}), so one trace cannot serve every step"
                )

    def _trace(self, first: int, second: int | None) -> BatchedLoss:
        loss, inputs, outputs = self._example_graph(first)
        if not self.known:
            self._probe(self.targets[first], len(outputs))
        if second is not None:
            other, other_inputs, _ = self._example_graph(second)
            difference = _same_graph(
                topological_order(loss), topological_order(other), {*inputs, *other_inputs}
            )
            if difference is not None:
                raise NotReplayableError(
                    f"fit: the loss builds a different graph for examples {first} and {second} "
                    f"with the same target ({difference}); it depends on the data, so batches "
                    "cannot be replayed: use engine='interpreted'"
                )
        return compile_batched(loss, self.parameters, inputs, outputs=outputs)

    def step(self, batch: Sequence[int]) -> tuple[float, list[FloatArray]]:
        """Add the gradients of the batch's loss to `.grad`; return the loss and the outputs.

        All or nothing, as `backward`: a step that fails raises and leaves every `.grad` as it was.

        The outputs are one array per model output, in the order of `batch`.
        """
        indices = np.asarray(batch)
        seed = 1.0 / len(batch)
        losses = np.empty(len(batch))
        width = None
        outputs: list[FloatArray] = []
        grads = [0.0] * len(self.parameters)
        masks = draw_masks(self.dropouts, len(batch)) if self.dropouts else None
        groups: dict[Hashable, list[int]] = {}
        for position, i in enumerate(batch):
            groups.setdefault(self.keys[i], []).append(position)
        for key, positions in groups.items():
            traced = self.traces[key]
            chosen = indices[positions]
            data = self.points[chosen]
            if masks is not None:
                data = np.concatenate([data, masks[positions]], axis=1)
            if self.target_values is not None:
                data = np.concatenate([data, self.target_values[chosen]], axis=1)
            group_losses, group_grads, group_outputs = traced.run(data, seed)
            losses[positions] = group_losses
            grads = [a + b for a, b in zip(grads, group_grads)]
            if width is None:
                width = len(group_outputs)
                outputs = [np.empty(len(batch)) for _ in range(width)]
            for column, values in zip(outputs, group_outputs):
                column[positions] = values
        # As backward: a step that fails raises and leaves every .grad as it was.
        batch_loss = mean_loss(losses, "fit")
        saved = [parameter.grad for parameter in self.parameters]
        try:
            add_grads(self.parameters, grads, "fit")
            if self.regularizer is not None:
                penalty = self.regularizer()  # adds the l2 penalty's gradients to .grad
                if not math.isfinite(batch_loss + penalty):
                    raise OverflowError(
                        f"fit: the batch loss {batch_loss!r} plus the l2 penalty {penalty!r} "
                        "overflows a float"
                    )
                batch_loss = batch_loss + penalty
        except BaseException:
            for parameter, grad in zip(self.parameters, saved):
                parameter.grad = grad
            raise
        return batch_loss, outputs


def batched_correct(outputs: list[FloatArray], targets: Sequence[Any]) -> int:
    """How many predictions are right, as `is_correct` counts them, from the output arrays."""
    if len(outputs) == 1:
        truth = np.asarray([float(t) > 0 for t in targets])
        return int(np.sum((outputs[0] > 0) == truth))
    predicted = np.argmax(np.column_stack(outputs), axis=1)
    return int(sum(int(p) == t for p, t in zip(predicted.tolist(), targets)))
